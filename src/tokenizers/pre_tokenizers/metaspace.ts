// Metaspace (SentencePiece-style): ' ' -> '▁', a '▁' prepended per prepend_scheme, and with
// `split` each '▁' starts a new piece (MergedWithNext).
import type { NormalizedString } from '../util/normalized_string.js';
import { eachPiece, type PreTokenizer } from './pre_tokenizer.js';
import { charMatches, splitBy } from './split_behavior.js';

export type PrependScheme = 'always' | 'first' | 'never';

export function metaspace(replacement: string, scheme: PrependScheme, split: boolean): PreTokenizer {
  return eachPiece((s: NormalizedString) => {
    s = s.mapChars((c) => (c === ' ' ? replacement : c));
    // 'first' only prepends to the piece that starts the original text.
    const prepend = scheme === 'always' || (scheme === 'first' && s.originalStart === 0);
    if (prepend && s.chars[0] !== replacement) s = s.prepend(replacement);
    if (!split) return s.length === 0 ? [] : [s];
    return splitBy(s, charMatches(s, (c) => c === replacement), 'MergedWithNext');
  });
}
