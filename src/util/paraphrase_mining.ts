// paraphrase_mining_embeddings from sentence-transformers util/retrieval.py: the highest scoring
// pairs (i < j) among all embeddings, each query keeping its top_k neighbours, at most max_pairs.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { SIMILARITY_FUNCTIONS, type SimilarityFnName } from '../functional/similarity.js';
import { toTensor2D, type EmbeddingMatrix } from './embeddings.js';
import { MinHeap, topKIndices } from './top_k.js';

export interface ParaphraseMiningOptions {
  queryChunkSize?: number; // reference default 5000
  corpusChunkSize?: number; // reference default 100000
  maxPairs?: number; // reference default 500000
  topK?: number; // reference default 100
  scoreFunction?: SimilarityFnName | ((a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D);
}

/** Triplets [score, i, j] with i < j, highest score first. The input is not disposed. */
export function paraphraseMining(embeddings: EmbeddingMatrix, options: ParaphraseMiningOptions = {}): [number, number, number][] {
  const qChunk = options.queryChunkSize ?? 5000;
  const cChunk = options.corpusChunkSize ?? 100000;
  const maxPairs = options.maxPairs ?? 500000;
  const topK = options.topK ?? 100;
  for (const [name, v] of [['topK', topK], ['queryChunkSize', qChunk], ['corpusChunkSize', cChunk], ['maxPairs', maxPairs]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ArgumentError(name, `must be a positive integer, got ${v}`);
  }
  const fn = typeof options.scoreFunction === 'function' ? options.scoreFunction : SIMILARITY_FUNCTIONS[options.scoreFunction ?? 'cosine'];
  if (fn === undefined) throw new ArgumentError('scoreFunction', `unknown name "${String(options.scoreFunction)}"`);

  const e = tf.tidy(() => toTensor2D(embeddings, 'embeddings'));
  try {
    const [n] = e.shape;
    // The reference keeps a min-heap of (score, i, j) capped at max_pairs, plus the set of queued pairs.
    type Pair = [number, number, number];
    const tupleLess = (x: Pair, y: Pair): boolean => x[0] < y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));
    const heap = new MinHeap<Pair>(tupleLess);
    const queued = new Set<string>();
    let minScore = -Infinity;
    for (let qs = 0; qs < n; qs += qChunk) {
      const qe = Math.min(qs + qChunk, n);
      // Each query's top_k + 1 over all corpus chunks (so the result does not depend on the chunk size).
      const best: { j: number; s: number }[][] = Array.from({ length: qe - qs }, () => []);
      for (let cs = 0; cs < n; cs += cChunk) {
        const ce = Math.min(cs + cChunk, n);
        const scores = tf.tidy('paraphraseMining', () => fn(tf.slice(e, [qs, 0], [qe - qs, -1]), tf.slice(e, [cs, 0], [ce - cs, -1])));
        const data = scores.dataSync();
        scores.dispose();
        const width = ce - cs;
        for (let r = 0; r < qe - qs; r++) {
          const row = data.subarray(r * width, (r + 1) * width);
          const list = best[r]!;
          for (const j of topKIndices(row, topK + 1)) list.push({ j: cs + j, s: row[j]! });
          list.sort((a, b) => b.s - a.s || a.j - b.j);
          list.length = Math.min(list.length, topK + 1);
        }
      }
      for (let r = 0; r < qe - qs; r++) {
        const i = qs + r;
        const neighbours = best[r]!.filter((x) => x.j !== i).slice(0, topK);
        for (const { j, s } of neighbours) {
          if (s <= minScore) continue;
          const [a, b] = i < j ? [i, j] : [j, i];
          const key = `${a},${b}`;
          if (queued.has(key)) continue;
          queued.add(key);
          const pair: Pair = [s, a, b];
          if (heap.size < maxPairs) heap.push(pair);
          else {
            // heapq.heappushpop: the new pair is evicted at once when it is the smallest.
            const evicted = tupleLess(pair, heap.peek()!) ? pair : heap.replaceTop(pair);
            queued.delete(`${evicted[1]},${evicted[2]}`);
            minScore = evicted[0];
          }
        }
      }
    }
    return heap.drain().sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  } finally {
    e.dispose();
  }
}
