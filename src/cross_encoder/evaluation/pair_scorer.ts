// What the cross-encoder evaluators need from a model: pairs in, one score (one label) or one
// row of scores (more labels) per pair out. CrossEncoder (../cross_encoder.ts) satisfies it.
import { ArgumentError } from '../../errors.js';
import type { TextPair } from '../../tokenizers/encode_pairs_for_model.js';

export interface PairScorer {
  readonly numLabels: number;
  predict(pairs: readonly TextPair[], options: { batchSize: number }): Promise<unknown>;
}

/** model.predict(pairs) as float32 rows [N][num_labels], checked (the reference's scores are float32). */
export async function scorePairs(model: PairScorer, pairs: readonly TextPair[], batchSize: number): Promise<Float32Array[]> {
  if (pairs.length === 0) return [];
  const out = await model.predict(pairs, { batchSize });
  if (!Array.isArray(out) || out.length !== pairs.length) {
    throw new ArgumentError('model.predict', `must return ${pairs.length} scores, got ${Array.isArray(out) ? out.length : typeof out}`);
  }
  return out.map((row: unknown, i) => {
    if (typeof row === 'number') return Float32Array.of(row);
    if (Array.isArray(row) && row.every((v) => typeof v === 'number')) return Float32Array.from(row as number[]);
    throw new ArgumentError('model.predict', `result ${i} must be a number or number[], got ${Object.prototype.toString.call(row)}`);
  });
}

/** The one score per pair of a one-label model. */
export function singleScores(rows: readonly Float32Array[], what: string): Float32Array {
  return Float32Array.from(rows, (r, i) => {
    if (r.length !== 1) throw new ArgumentError(what, `needs one score per pair (a one-label model), pair ${i} has ${r.length}`);
    return r[0]!;
  });
}
