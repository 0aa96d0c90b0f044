// @ts-nocheck — AssemblyScript source, compiled by bench/simd_peak.ts (not by tsc).
//
// The most float32 arithmetic WebAssembly SIMD (128-bit, no FMA in Node 20's V8) can do per
// second on one core: 12 independent accumulators (enough to hide the mul→add latency), each step one f32x4.mul and one f32x4.add
// (8 FLOP per lane-pair: 4 multiplies + 4 adds), no memory traffic. An upper bound for any wasm
// GEMM, XNNPACK's included.

/** Runs `iters` rounds and returns a value that depends on every accumulator (so none is dead code). */
export function peak(iters: i32): f32 {
  const m = f32x4.splat(0.999999);
  const c = f32x4.splat(1e-7);
  let a0 = f32x4.splat(1.0); let a1 = f32x4.splat(1.1); let a2 = f32x4.splat(1.2); let a3 = f32x4.splat(1.3);
  let a4 = f32x4.splat(1.4); let a5 = f32x4.splat(1.5); let a6 = f32x4.splat(1.6); let a7 = f32x4.splat(1.7);
  let a8 = f32x4.splat(1.8); let a9 = f32x4.splat(1.9); let a10 = f32x4.splat(2.0); let a11 = f32x4.splat(2.1);
  for (let i = 0; i < iters; i++) {
    a0 = f32x4.add(f32x4.mul(a0, m), c); a1 = f32x4.add(f32x4.mul(a1, m), c);
    a2 = f32x4.add(f32x4.mul(a2, m), c); a3 = f32x4.add(f32x4.mul(a3, m), c);
    a4 = f32x4.add(f32x4.mul(a4, m), c); a5 = f32x4.add(f32x4.mul(a5, m), c);
    a6 = f32x4.add(f32x4.mul(a6, m), c); a7 = f32x4.add(f32x4.mul(a7, m), c);
    a8 = f32x4.add(f32x4.mul(a8, m), c); a9 = f32x4.add(f32x4.mul(a9, m), c);
    a10 = f32x4.add(f32x4.mul(a10, m), c); a11 = f32x4.add(f32x4.mul(a11, m), c);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7))),
    f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 3);
}
