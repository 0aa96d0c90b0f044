// @ts-nocheck — AssemblyScript source (compiled by `npm run build:kernels`, not by tsc).
//
// LayerNorm over the last axis in one pass per row: y = ((x − μ)·(σ² + eps)^-½)·γ + β with the
// biased variance, the op order of nn/layer_norm.ts (which tfjs runs as ~10 kernels, its
// broadcasting Sub/Mul/Add at ~4 ns per element: 10% of a 32×16 forward). μ and σ² are summed in
// 4 float32 lanes and then across them, so they can differ from tfjs's Mean in the last bits.

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Sum of n float32 at p: 4 lane sums, then lanes 0+1+2+3, then the n % 4 tail in order. */
// @ts-ignore: decorator
@inline
function sum(p: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.add(acc, v128.load(p + (<usize>i << 2)));
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < n; i++) s += load<f32>(p + (<usize>i << 2));
  return s;
}

/**
 * y[r, :] = LayerNorm(x[r, :]) for r < rows, each row h float32; gamma, beta: h float32.
 * Offsets in bytes; x and y may be equal. y's rows are used as scratch for (x − μ)².
 */
export function layerNorm(x: usize, gamma: usize, beta: usize, y: usize, rows: i32, h: i32, eps: f32): void {
  const hf = <f32>h;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * h) << 2);
    const yr = y + (<usize>(r * h) << 2);
    const mean = sum(xr, h) / hf;
    const m4 = f32x4.splat(mean);
    // centred values into y, then their squares' sum
    let acc = f32x4.splat(0);
    let i = 0;
    for (; i + 4 <= h; i += 4) {
      const d = f32x4.sub(v128.load(xr + (<usize>i << 2)), m4);
      v128.store(yr + (<usize>i << 2), d);
      acc = f32x4.add(acc, f32x4.mul(d, d));
    }
    let ss = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; i < h; i++) {
      const d = load<f32>(xr + (<usize>i << 2)) - mean;
      store<f32>(yr + (<usize>i << 2), d);
      ss += d * d;
    }
    const inv = <f32>1 / Mathf.sqrt(ss / hf + eps);
    const inv4 = f32x4.splat(inv);
    i = 0;
    for (; i + 4 <= h; i += 4) {
      const o = <usize>i << 2;
      const n = f32x4.mul(v128.load(yr + o), inv4);
      v128.store(yr + o, f32x4.add(f32x4.mul(n, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (; i < h; i++) {
      const o = <usize>i << 2;
      store<f32>(yr + o, load<f32>(yr + o) * inv * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}
