// The SIMD batched matmul (src/kernels) against first principles: each output element is a
// float32 sum over k in order 0..K-1 of float32 products, so it must equal, bit for bit, the
// same loop written with Math.fround. Then, registered as the wasm backend's BatchMatMul, it
// must match the stock kernel within the wasm tolerance and leave the products it does not
// handle to the stock kernel untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulInto, planBatchMatMul, restoreStockBatchMatMul, useFastBatchMatMul } from '../../src/kernels/batch_matmul.js';
import { WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { values } from './reference_math.js';

/** Sequential float32 reference: C[b,i,j] = Σ_k A[b,i,k]·B[b,k,j], rounded to float32 at each step. */
function reference(a: Float32Array, b: Float32Array, batch: number, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(batch * m * n);
  for (let p = 0; p < batch; p++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s = Math.fround(s + Math.fround(a[(p * m + i) * k + q]! * b[(p * k + q) * n + j]!));
        c[(p * m + i) * n + j] = s;
      }
    }
  }
  return c;
}

// Shapes cover the 4×8 tile, the 4-wide and scalar column tails, the single-row tail, and
// attention's real shapes (hs = 32, T = 16..128).
const SHAPES: Array<[number, number, number, number]> = [
  [1, 1, 1, 1], [2, 3, 5, 7], [3, 4, 8, 8], [2, 5, 3, 12], [2, 9, 17, 13], [12, 16, 32, 16], [24, 13, 32, 13], [6, 64, 64, 32], [4, 128, 32, 128],
];

describe('batchMatMulInto (AssemblyScript SIMD kernel)', () => {
  for (const [batch, m, k, n] of SHAPES) {
    it(`equals the sequential float32 sum bit for bit: [${batch},${m},${k}]x[${batch},${k},${n}]`, () => {
      const a = values(batch * m * k, 1 + m);
      const b = values(batch * k * n, 7 + n);
      const out = new Float32Array(batch * m * n);
      batchMatMulInto(a, b, out, batch, m, k, n);
      expect(maxAbsDiff(out, reference(a, b, batch, m, k, n))).toBe(0);
    });
  }

  it('refuses operands whose lengths do not match the shape', () => {
    expect(() => batchMatMulInto(new Float32Array(5), new Float32Array(6), new Float32Array(4), 1, 2, 3, 2)).toThrow(/lengths a=5/);
  });
});

describe('planBatchMatMul', () => {
  it('takes batched products and leaves the rest to the stock kernel', () => {
    expect(planBatchMatMul([2, 12, 5, 32], [2, 12, 32, 5], false, false)).toEqual({ batch: 24, m: 5, k: 32, n: 5, outShape: [2, 12, 5, 5] });
    expect(planBatchMatMul([64, 384], [384, 1536], false, false)).toBeNull();        // dense layer
    expect(planBatchMatMul([1, 64, 384], [1, 384, 1536], false, false)).toBeNull();  // one product
    expect(planBatchMatMul([2, 4, 3], [2, 4, 3], false, true)).toBeNull();           // transposed
    expect(planBatchMatMul([2, 4, 3], [1, 3, 4], false, false)).toBeNull();          // broadcast
  });
});

describe('useFastBatchMatMul on the wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => restoreStockBatchMatMul());

  function run(a: tf.Tensor, b: tf.Tensor, transposeB = false): Float32Array {
    return tf.tidy(() => tf.matMul(a, b, false, transposeB).dataSync() as Float32Array);
  }

  it('matches the stock kernel on attention shapes and equals the float32 reference', () => {
    const [batch, m, k, n] = [2 * 12, 23, 32, 23];
    const av = values(batch * m * k, 3);
    const bv = values(batch * k * n, 4);
    const a = tf.tensor4d(av, [2, 12, m, k]);
    const b = tf.tensor4d(bv, [2, 12, k, n]);
    restoreStockBatchMatMul();
    const stock = run(a, b);
    useFastBatchMatMul();
    const fast = run(a, b);
    expect(maxAbsDiff(fast, stock)).toBeLessThanOrEqual(WASM_ATOL);
    expect(maxAbsDiff(fast, reference(av, bv, batch, m, k, n))).toBe(0);
    tf.dispose([a, b]);
  });

  it('leaves dense, transposed and broadcast products to the stock kernel (identical bits)', () => {
    const cases: Array<[tf.Tensor, tf.Tensor, boolean]> = [
      [tf.tensor2d(values(40 * 24, 5), [40, 24]), tf.tensor2d(values(24 * 16, 6), [24, 16]), false],
      [tf.tensor3d(values(3 * 5 * 8, 7), [3, 5, 8]), tf.tensor3d(values(3 * 6 * 8, 8), [3, 6, 8]), true],
      [tf.tensor3d(values(3 * 5 * 8, 9), [3, 5, 8]), tf.tensor3d(values(8 * 6, 10), [1, 8, 6]), false],
    ];
    for (const [a, b, tb] of cases) {
      restoreStockBatchMatMul();
      const stock = run(a, b, tb);
      useFastBatchMatMul();
      expect(maxAbsDiff(run(a, b, tb), stock)).toBe(0);
      tf.dispose([a, b]);
    }
  });

  it('does not leak tensors', () => {
    useFastBatchMatMul();
    const a = tf.tensor3d(values(4 * 6 * 5, 11), [4, 6, 5]);
    const b = tf.tensor3d(values(4 * 5 * 7, 12), [4, 5, 7]);
    const before = tf.memory().numTensors;
    run(a, b);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
