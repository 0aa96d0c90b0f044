// Lowercase: Rust `char::to_lowercase` per code point, so Σ always becomes σ (no Final-Sigma rule
// as in Python's str.lower() or a whole-string JS toLowerCase()).
import type { NormalizedString } from '../util/normalized_string.js';
import { lowercaseChar } from '../util/unicode.js';

export function lowercase(s: NormalizedString): NormalizedString {
  return s.mapChars(lowercaseChar);
}
