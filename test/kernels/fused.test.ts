// The fused wasm kernels (src/kernels: GELU around the SIMD erf, LayerNorm in one pass per row)
// against first principles in float64 and against the composites of tfjs ops they replace
// (nn/activations.ts gelu, nn/layer_norm.ts), on the wasm backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { geluInto } from '../../src/kernels/erf.js';
import { restoreStockKernels, useFastKernels } from '../../src/kernels/index.js';
import { layerNormInto } from '../../src/kernels/layer_norm.js';
import { gelu } from '../../src/nn/activations.js';
import { GELU_KERNEL, hasFusedKernel, LAYER_NORM_KERNEL } from '../../src/nn/fused_ops.js';
import { LayerNorm } from '../../src/nn/layer_norm.js';
import { CPU_ATOL, WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { erf64, values } from './reference_math.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => restoreStockKernels());

describe('geluInto', () => {
  it('is 0.5·x·(1 + erf(x/√2)) within erf\'s 5e-7 (scaled by |x|/2) on [-8, 8], odd lengths too', () => {
    const x = Float32Array.from([...values(1001, 3, 8), 0, -0, 1e-8, -30, 30]);
    const y = new Float32Array(x.length);
    geluInto(x, y);
    for (let i = 0; i < x.length; i++) {
      const want = 0.5 * x[i]! * (1 + erf64(x[i]! / Math.SQRT2));
      expect(Math.abs(y[i]! - want)).toBeLessThanOrEqual(5e-7 * Math.max(1, Math.abs(x[i]!)));
    }
  });

  it('equals nn/activations gelu\'s composite on wasm (with the SIMD erf) within 1e-6', () => {
    useFastKernels();
    const x = values(4 * 1536 + 3, 5, 6);
    const fused = new Float32Array(x.length);
    geluInto(x, fused);
    tf.unregisterKernel(GELU_KERNEL, 'wasm'); // gelu() now runs its composite of tfjs ops
    expect(hasFusedKernel(GELU_KERNEL)).toBe(false);
    const composite = tf.tidy(() => gelu(tf.tensor1d(x))).dataSync();
    useFastKernels();
    expect(hasFusedKernel(GELU_KERNEL)).toBe(true);
    expect(maxAbsDiff(fused, composite)).toBeLessThan(1e-6);
    const viaOp = tf.tidy(() => gelu(tf.tensor1d(x))).dataSync();
    expect(maxAbsDiff(viaOp, fused)).toBe(0);
  });
});

describe('layerNormInto', () => {
  for (const h of [384, 7]) {
    it(`matches the float64 formula for rows of ${h} (incl. a non-multiple of 4), eps 1e-12`, () => {
      const rows = 5;
      const x = values(rows * h, 11 + h, 3);
      for (let i = 0; i < h; i++) x[i] = x[i]! + 100; // an offset row: centring must come first
      const gamma = values(h, 13, 2);
      const beta = values(h, 17, 1);
      const y = new Float32Array(x.length);
      layerNormInto(x, gamma, beta, 1e-12, y);
      let worst = 0;
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * h, (r + 1) * h));
        const mean = row.reduce((a, b) => a + b, 0) / h;
        const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / h;
        for (let i = 0; i < h; i++) {
          const want = ((row[i]! - mean) / Math.sqrt(variance + 1e-12)) * gamma[i]! + beta[i]!;
          worst = Math.max(worst, Math.abs(y[r * h + i]! - want));
        }
      }
      // A kernel bound, not the parity budget: the row offset by 100 stores x with float32 steps
      // of 7.6e-6, which normalisation scales by |gamma| / σ (worst seen 1.43e-5).
      expect(worst).toBeLessThan(2e-5);
    });
  }

  it('refuses rows that do not match gamma', () => {
    expect(() => layerNormInto(new Float32Array(10), new Float32Array(4), new Float32Array(4), 1e-5, new Float32Array(10))).toThrow(/rows of gamma's length/);
  });
});

describe('LayerNorm.forward with the fused kernel', () => {
  it('equals the composite within 1e-5 on [2, 9, 384] and leaks no tensor', () => {
    const x = tf.tensor3d(values(2 * 9 * 384, 23, 4), [2, 9, 384]);
    const ln = new LayerNorm(tf.tensor1d(values(384, 29, 1.5)), tf.tensor1d(values(384, 31, 0.5)), 1e-12);
    restoreStockKernels();
    expect(hasFusedKernel(LAYER_NORM_KERNEL)).toBe(false);
    const composite = tf.tidy(() => ln.forward(x));
    useFastKernels();
    expect(hasFusedKernel(LAYER_NORM_KERNEL)).toBe(true);
    const before = tf.memory().numTensors;
    const fused = tf.tidy(() => ln.forward(x));
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(fused.shape).toEqual([2, 9, 384]);
    expect(maxAbsDiff(fused.dataSync(), composite.dataSync())).toBeLessThan(CPU_ATOL);
    tf.dispose([x, ln.weight, ln.bias, composite, fused]);
  });
});

describe('chunked operands (wasm_module.ts CHUNK_ELEMENTS: the kernels\' own memory stays small)', () => {
  it('erf, gelu, LayerNorm and batched matmul give the same values across chunk boundaries', async () => {
    const { CHUNK_ELEMENTS } = await import('../../src/kernels/wasm_module.js');
    const { erfInto } = await import('../../src/kernels/erf.js');
    const { batchMatMulInto } = await import('../../src/kernels/batch_matmul.js');
    // element-wise: every element equals the kernel run on that element alone
    const x = values(2 * CHUNK_ELEMENTS + 5, 41, 5);
    for (const fn of [erfInto, geluInto]) {
      const whole = new Float32Array(x.length);
      fn(x, whole);
      const probe = [0, CHUNK_ELEMENTS - 1, CHUNK_ELEMENTS, 2 * CHUNK_ELEMENTS + 4];
      for (const i of probe) {
        const one = new Float32Array(1);
        fn(x.subarray(i, i + 1), one);
        expect(whole[i]).toBe(one[0]);
      }
    }
    // LayerNorm: 400 rows of 384 (> 2 chunks): each row equals that row normalised alone
    const h = 384;
    const rows = 400;
    const xs = values(rows * h, 43, 2);
    const gamma = values(h, 47, 1);
    const beta = values(h, 53, 1);
    const all = new Float32Array(xs.length);
    layerNormInto(xs, gamma, beta, 1e-12, all);
    for (const r of [0, 169, 170, 171, 399]) {
      const one = new Float32Array(h);
      layerNormInto(xs.subarray(r * h, (r + 1) * h), gamma, beta, 1e-12, one);
      expect(maxAbsDiff(all.subarray(r * h, (r + 1) * h), one)).toBe(0);
    }
    // batched matmul: 40 entries of 64×64·64×64 (16 per chunk) against a float64 product
    const [batch, m, k, n] = [40, 64, 64, 64];
    const a = values(batch * m * k, 59, 1);
    const b = values(batch * k * n, 61, 1);
    const c = new Float32Array(batch * m * n);
    batchMatMulInto(a, b, c, batch, m, k, n);
    let worst = 0;
    for (const e of [0, 15, 16, 39]) {
      for (let i = 0; i < m; i += 7) {
        for (let j = 0; j < n; j += 5) {
          let s = 0;
          for (let t = 0; t < k; t++) s += a[e * m * k + i * k + t]! * b[e * k * n + t * n + j]!;
          worst = Math.max(worst, Math.abs(c[e * m * n + i * n + j]! - s));
        }
      }
    }
    expect(worst).toBeLessThan(WASM_ATOL);
  });
});
