// Strip: remove leading / trailing whitespace (Rust char::is_whitespace).
import type { NormalizedString } from '../util/normalized_string.js';
import { isWhitespace } from '../util/unicode.js';
import type { Normalizer } from './normalizer.js';

export function strip(left: boolean, right: boolean): Normalizer {
  return (s: NormalizedString) => {
    let i = 0;
    let j = s.length;
    if (left) while (i < j && isWhitespace(s.chars[i]!)) i++;
    if (right) while (j > i && isWhitespace(s.chars[j - 1]!)) j--;
    return i === 0 && j === s.length ? s : s.slice(i, j);
  };
}
