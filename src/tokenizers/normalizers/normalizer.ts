// A normalizer rewrites the text (keeping each code point's original span) before pre-tokenization.
import type { NormalizedString } from '../util/normalized_string.js';

export type Normalizer = (s: NormalizedString) => NormalizedString;
