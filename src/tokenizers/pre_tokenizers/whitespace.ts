// Whitespace: the pieces are the matches of \w+|[^\w\s]+ (Unicode \w, as in the Rust regex crate).
import { compilePattern } from '../util/regex.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { regexMatches, splitBy } from './split_behavior.js';

export function whitespace(): PreTokenizer {
  const re = compilePattern('\\w+|[^\\w\\s]+', (d) => new Error(d));
  return eachPiece((s) => splitBy(s, regexMatches(s, re).map(([a, b, m]) => [a, b, !m]), 'Removed'));
}
