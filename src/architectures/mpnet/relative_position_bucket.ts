// mirrors modeling_mpnet.py :: MPNetEncoder.relative_position_bucket, T5's bidirectional buckets.
// Computed on the host: the table depends only on the sequence length.

const f32 = Math.fround;

/**
 * The bucket of relative position j − i (key minus query). Half the buckets hold keys after the
 * query; within each half, distances below max_exact get one bucket each and longer ones share
 * log-spaced buckets up to max_distance (the last bucket takes everything beyond).
 *
 * The log-spaced part repeats torch's float32 arithmetic step by step and then truncates, as
 * `.to(torch.long)` does: log(n / max_exact) / log(max_distance / max_exact) · (half − max_exact).
 * With MPNet's 32 buckets and max distance 128, float64 happens to give the same buckets for every
 * distance up to 5000; the float32 steps keep the result torch's for other arguments too, where a
 * ratio near a whole number can round to either side of it.
 */
export function relativePositionBucket(relativePosition: number, numBuckets = 32, maxDistance = 128): number {
  const half = Math.floor(numBuckets / 2);
  let ret = 0;
  let n = -relativePosition;
  if (n < 0) ret += half;                                     // the key comes after the query
  n = Math.abs(n);
  const maxExact = Math.floor(half / 2);
  if (n < maxExact) return ret + n;
  const logRatio = f32(Math.log(f32(n / maxExact)));          // torch.log(n.float() / max_exact)
  const scaled = f32(f32(logRatio / f32(Math.log(maxDistance / maxExact))) * (half - maxExact));
  return ret + Math.min(maxExact + Math.trunc(scaled), half - 1);
}

/** Buckets for every (query i, key j) of a length-T sequence: [T, T] row-major, entry i·T + j. */
export function positionBuckets(length: number, numBuckets = 32, maxDistance = 128): Int32Array {
  // One bucket per relative position −(T−1) … T−1, then laid out along the diagonals.
  const byOffset = Int32Array.from({ length: 2 * length - 1 }, (_, d) => relativePositionBucket(d - (length - 1), numBuckets, maxDistance));
  const out = new Int32Array(length * length);
  for (let i = 0; i < length; i++) {
    for (let j = 0; j < length; j++) out[i * length + j] = byOffset[j - i + length - 1]!;
  }
  return out;
}
