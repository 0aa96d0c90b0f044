// The embedding inputs the utilities accept, and the conversions between them.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';

/** A matrix of embeddings: rows as typed arrays or number arrays, or a [N, D] tensor (not disposed). */
export type EmbeddingMatrix = tf.Tensor | readonly Float32Array[] | readonly (readonly number[])[];

/** A [N, D] float32 tensor for `x`; a 1-D input becomes one row. Call inside a tidy. */
export function toTensor2D(x: EmbeddingMatrix | Float32Array | readonly number[], argument: string): tf.Tensor2D {
  if (x instanceof tf.Tensor) {
    if (x.rank === 1) return tf.expandDims(tf.cast(x, 'float32'), 0) as tf.Tensor2D;
    if (x.rank !== 2) throw new ArgumentError(argument, `must be a [N, D] tensor, got shape [${x.shape.join(', ')}]`);
    return tf.cast(x, 'float32') as tf.Tensor2D;
  }
  if (x instanceof Float32Array || (x.length > 0 && typeof x[0] === 'number')) {
    const row = Float32Array.from(x as ArrayLike<number>);
    return tf.tensor2d(row, [1, row.length]);
  }
  const rows = x as readonly ArrayLike<number>[];
  if (rows.length === 0) return tf.zeros([0, 0]) as tf.Tensor2D;
  const d = rows[0]!.length;
  const flat = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new ArgumentError(argument, `row ${i} has ${r.length} values, row 0 has ${d}`);
    flat.set(r, i * d);
  });
  return tf.tensor2d(flat, [rows.length, d]);
}

/** Rows of a [N, D] float32 array read from `data` (row-major). */
export function splitRows(data: Float32Array, n: number, d: number): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let i = 0; i < n; i++) rows.push(data.slice(i * d, (i + 1) * d));
  return rows;
}

/** Number of rows of an embedding matrix without converting it. */
export function rowCount(x: EmbeddingMatrix): number {
  return x instanceof tf.Tensor ? (x.rank === 1 ? 1 : x.shape[0]!) : x.length;
}
