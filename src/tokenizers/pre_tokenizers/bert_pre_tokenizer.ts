// BertPreTokenizer: drop whitespace, then every punctuation code point becomes its own piece.
import { isPunctuation, isWhitespace } from '../util/unicode.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { charMatches, splitBy } from './split_behavior.js';

export const bertPreTokenizer: PreTokenizer = eachPiece((s) => {
  const out = [];
  for (const w of splitBy(s, charMatches(s, isWhitespace), 'Removed')) {
    out.push(...splitBy(w, charMatches(w, isPunctuation), 'Isolated'));
  }
  return out;
});
