// @ts-nocheck — AssemblyScript source (compiled by `npm run build:kernels`, not by tsc):
// v128/f32x4/usize/load<T> are AssemblyScript built-ins.
//
// Batched matrix product C[b] = A[b]·B[b] for the many small products of attention
// (scores q·kᵀ: [B·nh, T, hs]×[B·nh, hs, T]; context p·v: [B·nh, T, T]×[B·nh, T, hs]).
// The stock tfjs wasm kernel runs these at ~2 GFLOP/s (it sets up one XNNPACK call per
// batch entry); one loop over all of them with a 4×8 SIMD register tile runs at ~10×.
// Every C element is one sequential sum over k in float32 (k = 0, 1, …, K-1), the same
// order for every row and column, so results do not depend on tile position.
//
// Memory: the caller (src/kernels/batch_matmul.ts) copies A and B into this module's own
// memory above heapBase() and reads C back; no allocator, no runtime.

export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** a, b, c: byte offsets of row-major float32 [batch, M, K], [batch, K, N], [batch, M, N]. */
export function batchMatMul(a: usize, b: usize, c: usize, batch: i32, M: i32, K: i32, N: i32): void {
  const aSize = <usize>(M * K) << 2;
  const bSize = <usize>(K * N) << 2;
  const cSize = <usize>(M * N) << 2;
  for (let bi = 0; bi < batch; bi++) {
    matMul(a + <usize>bi * aSize, b + <usize>bi * bSize, c + <usize>bi * cSize, M, K, N);
  }
}

function matMul(A: usize, B: usize, C: usize, M: i32, K: i32, N: i32): void {
  const rowA = <usize>K << 2; // bytes per row of A
  const rowB = <usize>N << 2; // bytes per row of B and of C
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const a0 = A + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const c0 = C + <usize>i * rowB;
    let j = 0;
    // 4 rows × 8 columns: 8 accumulators + 2 B vectors + 1 broadcast fits the 16 SIMD registers.
    for (; j + 8 <= N; j += 8) {
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
      let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      let pb = B + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const kk = <usize>k << 2;
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        let x = v128.load32_splat(a0 + kk);
        s00 = f32x4.add(s00, f32x4.mul(x, b0));
        s01 = f32x4.add(s01, f32x4.mul(x, b1));
        x = v128.load32_splat(a1 + kk);
        s10 = f32x4.add(s10, f32x4.mul(x, b0));
        s11 = f32x4.add(s11, f32x4.mul(x, b1));
        x = v128.load32_splat(a2 + kk);
        s20 = f32x4.add(s20, f32x4.mul(x, b0));
        s21 = f32x4.add(s21, f32x4.mul(x, b1));
        x = v128.load32_splat(a3 + kk);
        s30 = f32x4.add(s30, f32x4.mul(x, b0));
        s31 = f32x4.add(s31, f32x4.mul(x, b1));
        pb += rowB;
      }
      const pc = c0 + (<usize>j << 2);
      v128.store(pc, s00); v128.store(pc, s01, 16);
      v128.store(pc + rowB, s10); v128.store(pc + rowB, s11, 16);
      v128.store(pc + 2 * rowB, s20); v128.store(pc + 2 * rowB, s21, 16);
      v128.store(pc + 3 * rowB, s30); v128.store(pc + 3 * rowB, s31, 16);
    }
    for (; j + 4 <= N; j += 4) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let pb = B + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const kk = <usize>k << 2;
        const b0 = v128.load(pb);
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + kk), b0));
        s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(a1 + kk), b0));
        s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(a2 + kk), b0));
        s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(a3 + kk), b0));
        pb += rowB;
      }
      const pc = c0 + (<usize>j << 2);
      v128.store(pc, s0);
      v128.store(pc + rowB, s1);
      v128.store(pc + 2 * rowB, s2);
      v128.store(pc + 3 * rowB, s3);
    }
    for (; j < N; j++) {
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let pb = B + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const kk = <usize>k << 2;
        const bv = load<f32>(pb);
        s0 += load<f32>(a0 + kk) * bv;
        s1 += load<f32>(a1 + kk) * bv;
        s2 += load<f32>(a2 + kk) * bv;
        s3 += load<f32>(a3 + kk) * bv;
        pb += rowB;
      }
      const pc = c0 + (<usize>j << 2);
      store<f32>(pc, s0);
      store<f32>(pc + rowB, s1);
      store<f32>(pc + 2 * rowB, s2);
      store<f32>(pc + 3 * rowB, s3);
    }
  }
  for (; i < M; i++) {
    const a0 = A + <usize>i * rowA;
    const c0 = C + <usize>i * rowB;
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      let s0 = f32x4.splat(0);
      let pb = B + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + (<usize>k << 2)), v128.load(pb)));
        pb += rowB;
      }
      v128.store(c0 + (<usize>j << 2), s0);
    }
    for (; j < N; j++) {
      let s0: f32 = 0;
      let pb = B + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        s0 += load<f32>(a0 + (<usize>k << 2)) * load<f32>(pb);
        pb += rowB;
      }
      store<f32>(c0 + (<usize>j << 2), s0);
    }
  }
}
