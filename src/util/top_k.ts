// Top-k over a row of scores in plain JS. Ties are broken by the lower index first: deterministic,
// where torch.topk leaves the order of equal values unspecified.

/** Indices of the k largest values of `row` (descending score; ties: lower index first). */
export function topKIndices(row: ArrayLike<number>, k: number): number[] {
  const n = row.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (row[b]! - row[a]!) || a - b);
  return idx.slice(0, Math.min(k, n));
}
