// Registers the cpu and wasm backends for nn tests (the wasm binary is found in node_modules).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

export { BACKENDS, CPU_ATOL, WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

export async function useBackend(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} failed to initialise`);
}

/** erf in float64 by its Maclaurin series (exact to ~1e-14 for |x| ≤ 3; ±1 beyond 6). */
export function erf64(x: number): number {
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
    if (Math.abs(term) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
