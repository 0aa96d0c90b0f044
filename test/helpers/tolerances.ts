// The float32 parity budgets of the whole suite (tests, browser suites and benches) and the one
// max-abs-difference function they are measured with. Free of vitest and of a tfjs runtime
// import, so the browser suites and the bundled benches can use it too.
import type * as tf from '@tensorflow/tfjs-core';

/** Max abs error against the reference on the cpu backend (the same float32 ops as torch). */
export const CPU_ATOL = 1e-5;
/** Max abs error on every other backend (wasm, XNNPACK and the fast kernels sum in other orders). */
export const WASM_ATOL = 1e-4;
/**
 * GPU backends in the browser (webgl, webgpu) against Node cpu: their shaders reorder float32
 * sums and use their own exp/erf, and webgl may store half floats.
 */
export const GPU_ATOL = 1e-3;
/** The Node backends the unit tests run on, each with its budget. */
export const BACKENDS = [['cpu', CPU_ATOL], ['wasm', WASM_ATOL]] as const;

/** The budget of a Node backend: CPU_ATOL on cpu, WASM_ATOL on any other. */
export function atolFor(backend: string): number {
  return backend === 'cpu' ? CPU_ATOL : WASM_ATOL;
}

type Values = ArrayLike<number> | tf.Tensor;

function isTensor(x: Values): x is tf.Tensor {
  return typeof (x as { dataSync?: unknown }).dataSync === 'function';
}

/**
 * max |a[i] − b[i]| over all elements; a NaN on either side counts as Infinity, so no budget
 * passes it. Throws when the lengths differ, when two tensors' shapes differ, or when `shape` is
 * given and a tensor `a` does not have it.
 */
export function maxAbsDiff(a: Values, b: Values, shape?: readonly number[]): number {
  if (isTensor(a) && isTensor(b) && a.shape.join() !== b.shape.join()) throw new Error(`shape [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  if (shape !== undefined && isTensor(a) && a.shape.join() !== shape.join()) throw new Error(`shape [${a.shape.join(', ')}] vs [${shape.join(', ')}]`);
  const x = isTensor(a) ? a.dataSync() : a;
  const y = isTensor(b) ? b.dataSync() : b;
  if (x.length !== y.length) throw new Error(`${x.length} vs ${y.length} values`);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i]! - y[i]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
