// Token-length batching for callers outside encode(): the batch rules themselves live in
// pipeline/batches.ts, shared by SentenceTransformer.encode and EncodePool.
import type { SentenceTransformer } from '../pipeline/sentence_transformer.js';

export { checkTokenBudget, formBatches, tokenSortedIndices, type SortBy } from '../pipeline/batches.js';

/** Token count of each text after the model's truncation (special tokens included). */
export function tokenLengths(model: SentenceTransformer, texts: readonly string[]): number[] {
  return model.transformer.tokenizeEach(texts).input_ids.map((ids) => ids.length);
}

/**
 * model.encode with token-length batches by default (pipeline/batches.ts: less padding, the
 * same embeddings within float rounding). Rows in input order. Kept for callers written before
 * encode() took sortBy and tokenBudget itself.
 */
export async function encodeBatched(
  model: SentenceTransformer, texts: readonly string[],
  options: { batchSize?: number; normalizeEmbeddings?: boolean; sortBy?: 'characters' | 'tokens'; tokenBudget?: number } = {},
): Promise<Float32Array[]> {
  return (await model.encode(texts, {
    batchSize: options.batchSize, normalizeEmbeddings: options.normalizeEmbeddings, sortBy: options.sortBy ?? 'tokens', tokenBudget: options.tokenBudget,
  })) as Float32Array[];
}
