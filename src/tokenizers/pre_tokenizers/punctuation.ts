// Punctuation: each punctuation code point is a delimiter (default: Isolated).
import type { SplitBehavior } from '../tokenizer_json.js';
import { isPunctuation } from '../util/unicode.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { charMatches, splitBy } from './split_behavior.js';

export function punctuation(behavior: SplitBehavior): PreTokenizer {
  return eachPiece((s) => splitBy(s, charMatches(s, isPunctuation), behavior));
}
