// Viterbi over a Unigram lattice (tokenizers `encode_optimized`), on code
// points: best[p] is the best-scoring segmentation of chars[0..p). A candidate replaces the
// stored one only when strictly greater, so the earliest start wins ties.
import type { Trie } from './trie.js';

export interface LatticeNode {
  id: number;
  start: number;
  end: number;
}

export function viterbi(
  chars: readonly string[],
  trie: Trie,
  scores: readonly number[],
  unkId: number,
  unkScore: number,
): LatticeNode[] {
  const n = chars.length;
  const score = new Float64Array(n + 1);
  const from = new Int32Array(n + 1).fill(-1);
  const ids = new Int32Array(n + 1);
  for (let p = 0; p < n; p++) {
    if (p > 0 && from[p] === -1) continue;
    const base = score[p]!;
    let hasSingle = false;
    trie.commonPrefixes(chars, p, (id, len) => {
      const cand = base + scores[id]!;
      const q = p + len;
      if (from[q] === -1 || cand > score[q]!) {
        score[q] = cand;
        from[q] = p;
        ids[q] = id;
      }
      if (len === 1) hasSingle = true;
    });
    if (!hasSingle) {
      const cand = base + unkScore;
      if (from[p + 1] === -1 || cand > score[p + 1]!) {
        score[p + 1] = cand;
        from[p + 1] = p;
        ids[p + 1] = unkId;
      }
    }
  }
  const path: LatticeNode[] = [];
  for (let end = n; end > 0; ) {
    const start = from[end]!;
    path.push({ id: ids[end]!, start, end });
    end = start;
  }
  return path.reverse();
}
