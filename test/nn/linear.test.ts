import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { WeightStore } from '../../src/io/weight_store.js';
import { Linear } from '../../src/nn/linear.js';
import { stateDict } from '../../src/nn/parameters.js';
import { BACKENDS, maxAbsDiff, useBackend } from './backends.js';

// W [out=3, in=2] as torch stores it; y = x·Wᵀ + b
const W = [[1, 2], [3, 4], [-1, 0.5]];
const B = [0.1, -0.2, 0.3];
const X = [[[1, -1], [2, 0.5]]];   // [1, 2, 2]

function expected(): Float32Array {
  return new Float32Array(X[0]!.flatMap((row) => W.map((w, o) => row[0]! * w[0]! + row[1]! * w[1]! + B[o]!)));
}

describe.each(BACKENDS)('Linear on %s', (backend, atol) => {
  it('computes x·Wᵀ + b over leading dims, keeping the kernel as [in, out]', async () => {
    await useBackend(backend);
    const store = new WeightStore(new Map<string, tf.Tensor>([['weight', tf.tensor2d(W)], ['bias', tf.tensor1d(B)]]), 'w.safetensors');
    const lin = Linear.load(store.scope(), 2, 3);
    expect(lin.kernel.shape).toEqual([2, 3]);
    expect([lin.inFeatures, lin.outFeatures]).toEqual([2, 3]);
    const y = tf.tidy(() => lin.forward(tf.tensor3d(X)));
    expect(y.shape).toEqual([1, 2, 3]);
    expect(maxAbsDiff(y, expected())).toBeLessThan(1e-6);
    const sd = stateDict({ lin });
    expect(sd.get('lin.weight')!.shape).toEqual([3, 2]);
    expect(maxAbsDiff(sd.get('lin.weight')!, new Float32Array(W.flat()))).toBe(0);
    tf.dispose([y, ...sd.values(), ...store.weights.values(), lin.kernel]);
  });

  it('has no bias when built with bias=false', async () => {
    await useBackend(backend);
    const lin = Linear.fromWeight(tf.tensor2d(W), null);
    const y = tf.tidy(() => lin.forward(tf.tensor2d(X[0]!)));
    const noBias = expected().map((v, i) => v - B[i % 3]!);
    expect(maxAbsDiff(y, noBias)).toBeLessThan(1e-6);
    tf.dispose([y, lin.kernel]);
  });

  it('equals matMul + add at a BERT FFN shape (the fused bias path; transposeB + bias gives wrong results on wasm)', async () => {
    await useBackend(backend);
    const [m, k, n] = [512, 384, 1536];
    const w = tf.randomNormal([n, k], 0, 0.05, 'float32', 7) as tf.Tensor2D;
    const b = tf.randomNormal([n], 0, 1, 'float32', 8) as tf.Tensor1D;
    const x = tf.randomNormal([2, m / 2, k], 0, 1, 'float32', 9);
    const lin = Linear.fromWeight(w, b);
    const y = tf.tidy(() => lin.forward(x));
    const want = tf.tidy(() => tf.add(tf.reshape(tf.matMul(tf.reshape(x, [m, k]), w, false, true), [2, m / 2, n]), b));
    expect(y.shape).toEqual([2, m / 2, n]);
    expect(maxAbsDiff(y, await want.data() as Float32Array)).toBeLessThan(atol);
    tf.dispose([w, b, x, y, want, lin.kernel]);
  });
});
