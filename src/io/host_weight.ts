// A weight still on the host: its values are read (from a byte range of a file, or decoded from
// bytes already fetched) only when a module takes it, and uploaded right then. Loading this way
// keeps one tensor's bytes in JS at a time instead of the whole checkpoint, never uploads weights
// no module takes (BERT's pooler in an ST model), and lets Linear's [out, in] -> [in, out]
// transpose happen on the host: a tf.transpose at load leaves the original's bytes as a hole in
// the wasm heap, which never shrinks (about half the model for BERT: every dense weight).
import * as tf from '@tensorflow/tfjs-core';

export type HostValues = Float32Array | Int32Array | Uint8Array;

export interface HostWeight {
  readonly shape: readonly number[];
  /** The dtype after decoding (float16 or quantized storage reads as float32). */
  readonly dtype: 'float32' | 'int32' | 'bool';
  /**
   * The values, row-major, decoded now. Each call reads again; the array may be a view on bytes
   * the source keeps (an in-memory checkpoint), so never write into it.
   */
  read(): HostValues;
}

/** What a WeightStore holds under a name: a tensor already on the backend, or one to read. */
export type StoredWeight = tf.Tensor | HostWeight;

export function isHostWeight(w: StoredWeight): w is HostWeight {
  return !(w instanceof tf.Tensor);
}

/** A new tensor with the weight's values (tf.tensor copies them into the wasm heap at once). */
export function uploadWeight(w: HostWeight): tf.Tensor {
  return tf.tensor(w.read(), [...w.shape], w.dtype);
}

/** Every weight as a tensor: host weights uploaded, tensors passed through. */
export function uploadAll(weights: ReadonlyMap<string, StoredWeight>): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  try {
    for (const [k, w] of weights) out.set(k, isHostWeight(w) ? uploadWeight(w) : w);
  } catch (e) {
    for (const [k, t] of out) if (isHostWeight(weights.get(k)!)) t.dispose();
    throw e;
  }
  return out;
}

/** Frees the tensors among `weights`; host weights hold no backend memory. */
export function disposeStored(weights: Iterable<StoredWeight>): void {
  for (const w of weights) if (!isHostWeight(w) && !w.isDisposed) w.dispose();
}

/** Block edge for the transpose: 32×32 float32 tiles (4 KB each side) stay in L1. */
const TILE = 32;

/** `values` as [rows, cols] row-major -> a new [cols, rows] row-major array. */
export function transposeRows(values: Float32Array, rows: number, cols: number): Float32Array {
  if (values.length !== rows * cols) throw new RangeError(`transposeRows: ${values.length} values for [${rows}, ${cols}]`);
  const out = new Float32Array(values.length);
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = values[r * cols + c]!;
      }
    }
  }
  return out;
}
