// @ts-nocheck — AssemblyScript source (compiled by `npm run build:kernels`, not by tsc).
//
// erf over a float32 array, 4 lanes at a time. GELU ("gelu" = 0.5·x·(1 + erf(x/√2))) calls
// erf on every FFN activation; the stock wasm kernel is scalar and took 8% of the forward
// (~12 ns per element). Formula: Abramowitz & Stegun 7.1.26, the one tfjs's cpu backend uses
// (|error| ≤ 1.5e-7): erf(|x|) = 1 - (a1·t + a2·t² + a3·t³ + a4·t⁴ + a5·t⁵)·exp(-x²),
// t = 1/(1 + p·|x|), sign restored after. exp is Cephes' expf: n = round(v·log2 e), r = v - n·ln 2
// (two-part ln 2), a degree-6 polynomial, then 2ⁿ through the exponent bits.

const P: f32 = 0.3275911;
const A1: f32 = 0.254829592;
const A2: f32 = -0.284496736;
const A3: f32 = 1.421413741;
const A4: f32 = -1.453152027;
const A5: f32 = 1.061405429;

// The SIMD constants of erfLanes/expNeg as 16-byte rows in linear memory, read with v128.load:
// V8 materialises each v128.const inside the loop with several instructions (it does not hoist
// them), a load is one. Row i = constant i, 4 lanes.
const KS: usize = memory.data<f32>([
  <f32>1, <f32>1, <f32>1, <f32>1,
  <f32>0.3275911, <f32>0.3275911, <f32>0.3275911, <f32>0.3275911,
  <f32>-1.453152027, <f32>-1.453152027, <f32>-1.453152027, <f32>-1.453152027,
  <f32>1.061405429, <f32>1.061405429, <f32>1.061405429, <f32>1.061405429,
  <f32>1.421413741, <f32>1.421413741, <f32>1.421413741, <f32>1.421413741,
  <f32>-0.284496736, <f32>-0.284496736, <f32>-0.284496736, <f32>-0.284496736,
  <f32>0.254829592, <f32>0.254829592, <f32>0.254829592, <f32>0.254829592,
  <f32>-87.33654, <f32>-87.33654, <f32>-87.33654, <f32>-87.33654,
  <f32>1.44269504088896341, <f32>1.44269504088896341, <f32>1.44269504088896341, <f32>1.44269504088896341,
  <f32>0.693359375, <f32>0.693359375, <f32>0.693359375, <f32>0.693359375,
  <f32>2.12194440e-4, <f32>2.12194440e-4, <f32>2.12194440e-4, <f32>2.12194440e-4,
  <f32>1.9875691500e-4, <f32>1.9875691500e-4, <f32>1.9875691500e-4, <f32>1.9875691500e-4,
  <f32>1.3981999507e-3, <f32>1.3981999507e-3, <f32>1.3981999507e-3, <f32>1.3981999507e-3,
  <f32>8.3334519073e-3, <f32>8.3334519073e-3, <f32>8.3334519073e-3, <f32>8.3334519073e-3,
  <f32>4.1665795894e-2, <f32>4.1665795894e-2, <f32>4.1665795894e-2, <f32>4.1665795894e-2,
  <f32>1.6666665459e-1, <f32>1.6666665459e-1, <f32>1.6666665459e-1, <f32>1.6666665459e-1,
  <f32>5.0000001201e-1, <f32>5.0000001201e-1, <f32>5.0000001201e-1, <f32>5.0000001201e-1,
], 16);

// @ts-ignore: decorator
@inline
function K(i: i32): v128 {
  return v128.load(KS + (<usize>i << 4));
}

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** y[i] = erf(x[i]) for i < n; x and y are byte offsets of float32 arrays (may be equal). */
export function erf(x: usize, y: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(y + off, erfLanes(v128.load(x + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, erfScalar(load<f32>(x + off)));
  }
}

/**
 * y[i] = gelu(x[i]) = (x·0.5)·(1 + erf(x / √2)) for i < n, the op order of nn/activations.ts
 * gelu (mul, div, erf, add, mul: each rounded to float32 as tfjs's separate kernels round), in
 * one pass instead of five [B, T, 4H] tensors.
 */
export function gelu(x: usize, y: usize, n: i32): void {
  const half = f32x4.splat(0.5);
  const sqrt2 = f32x4.splat(<f32>1.4142135623730951);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const v = v128.load(x + off);
    const e = erfLanes(f32x4.div(v, sqrt2));
    v128.store(y + off, f32x4.mul(f32x4.mul(v, half), f32x4.add(one, e)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const v = load<f32>(x + off);
    store<f32>(y + off, (v * <f32>0.5) * (<f32>1 + erfScalar(v / <f32>1.4142135623730951)));
  }
}

/** erf of 4 lanes (see top). */
// @ts-ignore: decorator
@inline
function erfLanes(v: v128): v128 {
  const one = K(0);
  const ax = f32x4.abs(v);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(K(1), ax)));
  // Horner: t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))
  let poly = f32x4.add(K(2), f32x4.mul(t, K(3)));
  poly = f32x4.add(K(4), f32x4.mul(t, poly));
  poly = f32x4.add(K(5), f32x4.mul(t, poly));
  poly = f32x4.add(K(6), f32x4.mul(t, poly));
  poly = f32x4.mul(t, poly);
  const e = expNeg(f32x4.neg(f32x4.mul(ax, ax)));
  const r = f32x4.sub(one, f32x4.mul(poly, e));
  // copysign(r, v): r ≥ 0 here
  return v128.or(r, v128.and(v, i32x4.splat(0x80000000)));
}

/** exp(v) for v ≤ 0 lanes (v = -x²); below -87.3 the result flushes to 0 (erf is ±1 there). */
function expNeg(v: v128): v128 {
  const lo = K(7);
  const vc = f32x4.max(v, lo);
  const n = f32x4.nearest(f32x4.mul(vc, K(8)));
  // r = v - n·ln2, ln2 split so n·C1 is exact
  let r = f32x4.sub(vc, f32x4.mul(n, K(9)));
  r = f32x4.add(r, f32x4.mul(n, K(10)));
  const r2 = f32x4.mul(r, r);
  let p = K(11);
  p = f32x4.add(f32x4.mul(p, r), K(12));
  p = f32x4.add(f32x4.mul(p, r), K(13));
  p = f32x4.add(f32x4.mul(p, r), K(14));
  p = f32x4.add(f32x4.mul(p, r), K(15));
  p = f32x4.add(f32x4.mul(p, r), K(16));
  p = f32x4.add(f32x4.add(f32x4.mul(p, r2), r), K(0));
  // 2ⁿ: (n + 127) << 23 as float bits; n ≥ -126 after the clamp, so no denormals
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const out = f32x4.mul(p, pow2);
  // lanes clamped at lo: exp underflows, return 0
  return v128.andnot(out, f32x4.le(v, lo));
}

function erfScalar(v: f32): f32 {
  // The same arithmetic as one SIMD lane, so results do not depend on position in the array.
  return f32x4.extract_lane(erfLanes(f32x4.splat(v)), 0);
}
