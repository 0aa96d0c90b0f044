// Split: cut on a literal string or an (Oniguruma) regex with a SplitDelimiterBehavior;
// `invert` keeps the matches as the pieces' complement.
import type { SplitBehavior } from '../tokenizer_json.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { regexMatches, splitBy } from './split_behavior.js';

export function split(re: RegExp, behavior: SplitBehavior, invert: boolean): PreTokenizer {
  return eachPiece((s) => {
    const spans = regexMatches(s, re);
    return splitBy(s, invert ? spans.map(([a, b, m]) => [a, b, !m]) : spans, behavior);
  });
}
