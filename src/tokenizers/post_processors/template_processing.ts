// TemplateProcessing: `single` / `pair` templates of special tokens and the A / B sequences,
// each piece carrying its type id.
import { concatEncodings, emptyEncoding, type Encoding } from '../encoding.js';
import type { TemplatePiece } from '../tokenizer_json.js';
import { specials, withTypeId, type PostProcessor } from './post_processor.js';

export interface SpecialTokenEntry {
  ids: number[];
  tokens: string[];
}

export function templateProcessing(
  single: readonly TemplatePiece[],
  pair: readonly TemplatePiece[],
  specialTokens: ReadonlyMap<string, SpecialTokenEntry>,
): PostProcessor {
  const count = (t: readonly TemplatePiece[]): number =>
    t.reduce((n, p) => n + ('SpecialToken' in p ? specialTokens.get(p.SpecialToken.id)!.ids.length : 0), 0);
  const nSingle = count(single);
  const nPair = count(pair);
  return {
    addedTokens: (isPair) => (isPair ? nPair : nSingle),
    process(a, b) {
      let out: Encoding = emptyEncoding();
      for (const p of b === null ? single : pair) {
        if ('SpecialToken' in p) {
          const s = specialTokens.get(p.SpecialToken.id)!;
          out = concatEncodings(out, specials(s.ids, s.tokens, p.SpecialToken.type_id));
        } else {
          const seq = p.Sequence.id === 'A' ? a : b;
          if (seq !== null) out = concatEncodings(out, withTypeId(seq, p.Sequence.type_id));
        }
      }
      return out;
    },
  };
}
