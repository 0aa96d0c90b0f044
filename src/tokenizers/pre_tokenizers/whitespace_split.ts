// WhitespaceSplit: split on Unicode White_Space and drop it.
import { isWhitespace } from '../util/unicode.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { charMatches, splitBy } from './split_behavior.js';

export const whitespaceSplit: PreTokenizer = eachPiece((s) => splitBy(s, charMatches(s, isWhitespace), 'Removed'));
