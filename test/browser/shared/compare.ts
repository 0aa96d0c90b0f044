// Tolerances: browser embeddings vs Node cpu within WASM_ATOL on cpu and wasm (the browser's
// cpu backend runs in another engine, against Node's), GPU_ATOL on webgl and webgpu (the
// suite's budgets, test/helpers/tolerances.ts).
import type { BackendName } from '../../../demo/src/backend_names.js';
import { GPU_ATOL, WASM_ATOL, maxAbsDiff } from '../../helpers/tolerances.js';

export { maxAbsDiff };

export const BROWSER_TOLERANCE: Record<BackendName, number> = {
  cpu: WASM_ATOL,
  wasm: WASM_ATOL,
  webgl: GPU_ATOL,
  webgpu: GPU_ATOL,
};

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): number {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} vs expected ${expected.length}`);
  const d = maxAbsDiff(actual, expected);
  if (!(d <= tol)) throw new Error(`${what}: max abs diff ${d.toExponential(3)} > tolerance ${tol}`);
  return d;
}

/**
 * A failure that is understood and documented (printed as "known issue" with its numbers, not
 * counted as a failure). Thrown only for a listed backend + model condition, never to hide an
 * unexplained mismatch.
 */
export class KnownIssue extends Error {
  constructor(readonly issue: string, detail: string) {
    super(`${detail}\n      known issue: ${issue}`);
    this.name = 'KnownIssue';
  }
}
