// Digits: numeric code points (Rust char::is_numeric) split off, one by one or as runs.
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { charMatches, splitBy } from './split_behavior.js';

const NUMERIC = /^\p{N}$/u;

export function digits(individual: boolean): PreTokenizer {
  return eachPiece((s) => splitBy(s, charMatches(s, (c) => NUMERIC.test(c)), individual ? 'Isolated' : 'Contiguous'));
}
