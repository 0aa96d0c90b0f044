// Prepend: put a string in front of a non-empty text (tokenizers skips empty texts).
import type { NormalizedString } from '../util/normalized_string.js';
import type { Normalizer } from './normalizer.js';

export function prepend(prefix: string): Normalizer {
  return (s: NormalizedString) => (s.length === 0 ? s : s.prepend(prefix));
}
