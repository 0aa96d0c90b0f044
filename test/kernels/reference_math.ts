// First-principles helpers the kernel tests share: deterministic inputs and erf in float64
// (max abs differences and budgets: test/helpers/tolerances.ts).

/** Deterministic values in [-scale, scale) (LCG), so failures reproduce. */
export function values(n: number, seed: number, scale = 2): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 * scale - scale;
  }
  return out;
}

/** erf in float64: Taylor series to |x| = 4.5 (|rounding| < 1e-9 there), 1 - erfc beyond (erfc(4.5) < 2e-10). */
export function erf64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a > 4.5) return Math.sign(x);
  let term = a;
  let sum = a;
  for (let n = 1; n < 200; n++) {
    term *= (-a * a) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
}
