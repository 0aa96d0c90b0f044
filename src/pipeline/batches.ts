// How encode() groups texts into forward passes, shared by SentenceTransformer.encode and
// EncodePool (src/parallel/encode_pool.ts) so both form exactly the same batches.
//
// sortBy 'characters' (the default) sorts by character length as the reference's encode() does,
// so batches hold the same texts as the reference's. On STSb test that still pads 51,626 token
// slots for 39,028 real tokens (+32%), and the dense layers, ~90% of the time, pay for every
// slot. sortBy 'tokens' makes each batch's texts nearly the same length (padding +1-3%); the
// embeddings then differ from the default only by float rounding (other batch mates and padding
// lengths change summation orders in the kernels), within the parity tolerances.
import { ArgumentError } from '../errors.js';

export type SortBy = 'characters' | 'tokens';

/** Indices of `texts` longest first, by code points like Python's len() in the reference's
 *  _input_length (so batches hold the same texts); ties keep input order. */
export function lengthSortedIndices(texts: readonly string[]): number[] {
  const len = texts.map((t) => {
    let n = 0;
    for (const _ of t) n++;
    return n;
  });
  return texts.map((_, i) => i).sort((a, b) => len[b]! - len[a]! || a - b);
}

/** Indices longest first by token count, ties in input order. */
export function tokenSortedIndices(lengths: readonly number[]): number[] {
  return lengths.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
}

export function checkSortBy(sortBy: unknown): SortBy {
  if (sortBy === undefined) return 'characters';
  if (sortBy !== 'characters' && sortBy !== 'tokens') throw new ArgumentError('sortBy', `must be "characters" or "tokens", got "${String(sortBy)}"`);
  return sortBy;
}

/** Throws unless `tokenBudget` is absent or a positive integer. */
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
 * The batches of one encode() call: indices into the texts, in the order they run.
 * `lengths` (token counts, special tokens included) is needed for sortBy 'tokens' and for a
 * tokenBudget; the character order needs only the texts.
 */
export function planBatches(texts: readonly string[], lengths: readonly number[] | undefined,
  o: { batchSize: number; sortBy: SortBy; tokenBudget: number | undefined }): number[][] {
  if ((o.sortBy === 'tokens' || o.tokenBudget !== undefined) && lengths === undefined) {
    throw new ArgumentError('lengths', 'are needed to sort by tokens or to apply a tokenBudget');
  }
  const order = o.sortBy === 'tokens' ? tokenSortedIndices(lengths!) : lengthSortedIndices(texts);
  return formBatches(order, o.batchSize, lengths, o.tokenBudget);
}
