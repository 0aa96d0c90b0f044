// semantic_search from sentence-transformers util/retrieval.py: for every query, the top-k corpus
// entries by score, computed chunk by chunk so memory stays bounded for large corpora.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { SIMILARITY_FUNCTIONS, type SimilarityFnName } from '../functional/similarity.js';
import { toTensor2D, type EmbeddingMatrix } from './embeddings.js';
import { topKIndices } from './top_k.js';

export interface SearchHit {
  corpus_id: number;
  score: number;
}

export interface SemanticSearchOptions {
  /** Queries scored at once (reference default 100). */
  queryChunkSize?: number;
  /** Corpus rows scored at once (reference default 500000). */
  corpusChunkSize?: number;
  /** Hits per query (reference default 10). */
  topK?: number;
  /** A named similarity or a function of two [N, D], [M, D] tensors -> [N, M]; default cosine. */
  scoreFunction?: SimilarityFnName | ((a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D);
}

/** One list of hits per query, best first. Inputs are not disposed. */
export function semanticSearch(queries: EmbeddingMatrix | Float32Array, corpus: EmbeddingMatrix, options: SemanticSearchOptions = {}): SearchHit[][] {
  const topK = options.topK ?? 10;
  const qChunk = options.queryChunkSize ?? 100;
  const cChunk = options.corpusChunkSize ?? 500000;
  for (const [name, v] of [['topK', topK], ['queryChunkSize', qChunk], ['corpusChunkSize', cChunk]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ArgumentError(name, `must be a positive integer, got ${v}`);
  }
  const fn = typeof options.scoreFunction === 'function' ? options.scoreFunction : SIMILARITY_FUNCTIONS[options.scoreFunction ?? 'cosine'];
  if (fn === undefined) throw new ArgumentError('scoreFunction', `unknown name "${String(options.scoreFunction)}"`);

  const q = tf.tidy(() => toTensor2D(queries, 'queries'));
  const c = tf.tidy(() => toTensor2D(corpus, 'corpus'));
  try {
    const [nq] = q.shape;
    const [nc] = c.shape;
    // Per query: the best candidates so far, merged chunk by chunk.
    const results: SearchHit[][] = Array.from({ length: nq }, () => []);
    for (let cs = 0; cs < nc; cs += cChunk) {
      const ce = Math.min(cs + cChunk, nc);
      for (let qs = 0; qs < nq; qs += qChunk) {
        const qe = Math.min(qs + qChunk, nq);
        const scores = tf.tidy('semanticSearch', () =>
          fn(tf.slice(q, [qs, 0], [qe - qs, -1]), tf.slice(c, [cs, 0], [ce - cs, -1])),
        ); // [qe - qs, ce - cs]
        const data = scores.dataSync();
        scores.dispose();
        const width = ce - cs;
        for (let r = 0; r < qe - qs; r++) {
          const row = data.subarray(r * width, (r + 1) * width);
          const hits = results[qs + r]!;
          for (const j of topKIndices(row, topK)) hits.push({ corpus_id: cs + j, score: row[j]! });
          // Keep the k best by score. Exact ties go to the lower corpus id: the reference's order for
          // ties follows torch.topk(sorted=False) and heap internals, which is not specified.
          hits.sort((a, b) => b.score - a.score || a.corpus_id - b.corpus_id);
          hits.length = Math.min(hits.length, topK);
        }
      }
    }
    return results;
  } finally {
    q.dispose();
    c.dispose();
  }
}
