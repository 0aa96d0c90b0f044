// WordPiece decoder: `##` pieces glue to the previous one, others get a space; `cleanup` undoes
// the spaces BERT's tokenization put before punctuation and inside contractions.
import type { Decoder } from './decoder.js';

export function cleanup(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(' do not', " don't")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

export function wordPieceDecoder(prefix: string, doCleanup: boolean): Decoder {
  return (tokens) =>
    tokens.map((t, i) => {
      const s = i === 0 ? t : t.startsWith(prefix) ? t.slice(prefix.length) : ` ${t}`;
      return doCleanup ? cleanup(s) : s;
    });
}
