// A pre-tokenizer cuts each piece of normalized text into smaller pieces (and may rewrite them,
// as ByteLevel and Metaspace do). Pieces keep their original spans for offsets.
import type { NormalizedString } from '../util/normalized_string.js';

export type PreTokenizer = (pieces: NormalizedString[]) => NormalizedString[];

export function eachPiece(fn: (s: NormalizedString) => NormalizedString[]): PreTokenizer {
  return (pieces) => {
    const out: NormalizedString[] = [];
    for (const p of pieces) for (const q of fn(p)) out.push(q);
    return out;
  };
}
