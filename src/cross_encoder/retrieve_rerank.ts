// Retrieve and rerank: a bi-encoder finds the best candidates of a corpus for a query
// (util/semantic_search.ts, cosine), a cross-encoder scores each (query, candidate) pair, and the
// candidates come back by the cross-encoder's score, the way sentence-transformers' retrieve &
// re-rank example does it.
import { ArgumentError } from '../errors.js';
import type { EmbeddingMatrix } from '../util/embeddings.js';
import { semanticSearch } from '../util/semantic_search.js';
import type { CrossEncoder } from './cross_encoder.js';
import type { TextEmbedder } from '../pipeline/encode_options.js';

export type { TextEmbedder };

export interface RetrieveRerankOptions {
  /** Candidates the bi-encoder retrieves (default 100). */
  retrieveTopK?: number;
  /** Results kept after reranking (default 10). */
  topK?: number;
  batchSize?: number;
  /** The corpus embeddings, when already computed (rows in corpus order). */
  corpusEmbeddings?: EmbeddingMatrix;
}

export interface RerankedHit {
  corpus_id: number;
  /** The cross-encoder's score. */
  score: number;
  /** The bi-encoder's cosine similarity that retrieved it. */
  retrieval_score: number;
  text: string;
}

export async function retrieveAndRerank(
  biEncoder: TextEmbedder, crossEncoder: CrossEncoder, query: string, corpus: readonly string[], options: RetrieveRerankOptions = {},
): Promise<RerankedHit[]> {
  const retrieveTopK = options.retrieveTopK ?? 100;
  const topK = options.topK ?? 10;
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(topK) || topK <= 0) throw new ArgumentError('topK', `must be a positive integer, got ${topK}`);
  if (corpus.length === 0) return [];
  const corpusEmbeddings = options.corpusEmbeddings ?? (await biEncoder.encode([...corpus], { batchSize })) as EmbeddingMatrix;
  const queryEmbedding = (await biEncoder.encode([query], { batchSize })) as EmbeddingMatrix;
  const hits = semanticSearch(queryEmbedding, corpusEmbeddings, { topK: retrieveTopK })[0] ?? [];
  const candidates = hits.map((h) => corpus[h.corpus_id]!);
  const ranked = await crossEncoder.rank(query, candidates, { batchSize, topK });
  return ranked.map((r) => {
    const hit = hits[r.corpus_id]!;
    return { corpus_id: hit.corpus_id, score: r.score, retrieval_score: hit.score, text: corpus[hit.corpus_id]! };
  });
}
