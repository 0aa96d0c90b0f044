// ByteLevel (GPT-2 / RoBERTa): optional prefix space per piece, the GPT-2 split
// pattern, then every code point becomes the byte-level characters of its UTF-8 bytes.
import { byteLevelChars } from '../util/byte_level_alphabet.js';
import type { NormalizedString } from '../util/normalized_string.js';
import { compilePattern } from '../util/regex.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { regexMatches, splitBy } from './split_behavior.js';

export const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

export function byteLevel(addPrefixSpace: boolean, useRegex: boolean): PreTokenizer {
  const re = compilePattern(GPT2_PATTERN, (d) => new Error(d));
  return eachPiece((s: NormalizedString) => {
    if (addPrefixSpace && s.chars[0] !== ' ') s = s.prepend(' ');
    const pieces = useRegex ? splitBy(s, regexMatches(s, re), 'Isolated') : [s];
    return pieces.map((p) => p.mapChars((c) => byteLevelChars(c).join('')));
  });
}
