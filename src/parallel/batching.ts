// How texts are grouped into forward passes. SentenceTransformer.encode sorts by character
// length, as the reference does; on STSb test that still pads 51,626 token slots for 39,028
// real tokens (+32%), and the dense layers, ~90% of the time, pay for every slot. Sorting by
// token count instead makes each batch's texts nearly the same length (padding +1-3%). The
// embeddings then differ from encode's only by float rounding (other batch mates and padding
// length change summation orders in the kernels), within the parity tolerances.
import type { SentenceTransformer } from '../pipeline/sentence_transformer.js';
import { ArgumentError } from '../errors.js';
import { lengthSortedIndices } from '../pipeline/encode_options.js';

export type SortBy = 'characters' | 'tokens';

/** Token count of each text after the model's truncation (special tokens included). */
export function tokenLengths(model: SentenceTransformer, texts: readonly string[]): number[] {
  return texts.map((t) => model.transformer.tokenize([t]).input_ids[0]!.length);
}

/** Indices longest first by token count, ties in input order. */
export function tokenSortedIndices(lengths: readonly number[]): number[] {
  return lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
}

/** Throws unless `tokenBudget` is absent or a positive integer (encodeBatched's and EncodePool's option). */
export function checkTokenBudget(tokenBudget: number | undefined): void {
  if (tokenBudget !== undefined && !(Number.isInteger(tokenBudget) && tokenBudget > 0)) {
    throw new ArgumentError('tokenBudget', `must be a positive integer (tokens per forward pass, padding included), got ${tokenBudget}`);
  }
}

/**
 * Consecutive groups of batchSize indices. With `tokenBudget` (and each index's token count in
 * `lengths`), a group also stops before its padded size, rows × its longest text's tokens, would
 * pass the budget (a group always takes at least one text). Why: the wasm heap never shrinks, so
 * the first batch of the longest texts sets the process's peak memory for good; a budget of
 * 1024 tokens halved the first batch's temporaries on 10,000 STSb sentences (bench/memory.ts).
 */
export function formBatches(order: readonly number[], batchSize: number, lengths?: readonly number[], tokenBudget?: number): number[][] {
  const out: number[][] = [];
  let s = 0;
  while (s < order.length) {
    let e = Math.min(order.length, s + batchSize);
    if (tokenBudget !== undefined && lengths !== undefined) {
      let longest = 0;
      for (let i = s; i < e; i++) {
        longest = Math.max(longest, lengths[order[i]!]!);
        if (i > s && (i - s + 1) * longest > tokenBudget) { e = i; break; }
      }
    }
    out.push(order.slice(s, e));
    s = e;
  }
  return out;
}

/**
 * Single-threaded encode with token-length batches (see top). Rows in input order.
 * With sortBy 'characters' it returns exactly what model.encode returns.
 */
export async function encodeBatched(
  model: SentenceTransformer, texts: readonly string[],
  options: { batchSize?: number; normalizeEmbeddings?: boolean; sortBy?: SortBy; tokenBudget?: number } = {},
): Promise<Float32Array[]> {
  const batchSize = options.batchSize ?? 32;
  const budget = options.tokenBudget;
  checkTokenBudget(budget);
  const sortBy = options.sortBy ?? 'tokens';
  const lengths = sortBy === 'tokens' || budget !== undefined ? tokenLengths(model, texts) : undefined;
  const order = sortBy === 'tokens' ? tokenSortedIndices(lengths!) : lengthSortedIndices(texts);
  const out = new Array<Float32Array>(texts.length);
  for (const idx of formBatches(order, batchSize, lengths, budget)) {
    // batchSize = the batch's length: one forward pass over exactly these texts, in this order.
    const rows = (await model.encode(idx.map((i) => texts[i]!), { batchSize: idx.length, normalizeEmbeddings: options.normalizeEmbeddings ?? false })) as Float32Array[];
    idx.forEach((textIndex, r) => { out[textIndex] = rows[r]!; });
  }
  return out;
}
