// Shared by the evaluation tests: the committed reference numbers under test/fixtures/eval/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const EVAL_FIXTURES = `${REPO_ROOT}test/fixtures/eval`;
export const STS_DIR = `${REPO_ROOT}../shared/data/stsbenchmark`;

/** Metric values computed by our code from the reference's own embeddings: float64 paths, so tight. */
export const METRIC_TOL = 1e-6;

export function readFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(`${EVAL_FIXTURES}/${name}`, 'utf-8')) as T;
}

/** Rows of a base64 little-endian float32 matrix [rows, dim]. */
export function decodeEmbeddings(b64: string, dim: number): Float32Array[] {
  const bytes = Buffer.from(b64, 'base64');
  const all = new Float32Array(new Uint8Array(bytes).buffer); // copy: aligned
  const rows: Float32Array[] = [];
  for (let i = 0; i < all.length; i += dim) rows.push(all.subarray(i, i + dim));
  return rows;
}

/** Float32 rows of a base64 little-endian float32 vector. */
export function decodeFloat32(b64: string): Float32Array {
  return new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer);
}

/**
 * Asserts every key of `expected` is in `actual` within tol (null in JSON = NaN), and no extra keys.
 * Metrics live in 0..1, so tol is absolute for them; thresholds (`*_threshold`) are similarity
 * values that can be ~20 for dot/manhattan, where one float32 ulp is 2e-6: for them tol is relative.
 */
export function expectMetricsClose(actual: Record<string, number>, expected: Record<string, number | null>, tol: number): void {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k];
    const t = k.endsWith('_threshold') && v !== null ? tol * Math.max(1, Math.abs(v)) : tol;
    if (a === undefined) problems.push(`${k}: missing`);
    else if (v === null ? !Number.isNaN(a) : !(Math.abs(a - v) <= t)) problems.push(`${k}: got ${a}, reference ${v}`);
  }
  for (const k of Object.keys(actual)) if (!(k in expected)) problems.push(`${k}: not reported by the reference`);
  if (problems.length > 0) throw new Error(`metrics differ from the reference (tol ${tol}):\n  ${problems.join('\n  ')}`);
}
