import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LayerNorm } from '../../src/nn/layer_norm.js';
import { BACKENDS, CPU_ATOL, maxAbsDiff, useBackend } from './backends.js';

function layerNorm64(rows: number[][], gamma: number[], beta: number[], eps: number): Float32Array {
  return new Float32Array(rows.flatMap((r) => {
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length;   // biased, as torch
    return r.map((v, j) => ((v - mean) / Math.sqrt(variance + eps)) * gamma[j]! + beta[j]!);
  }));
}

const ROWS = [[1, 2, 3, 4], [0.5, -0.25, 10, 3], [1e-3, 2e-3, 0, -1e-3]];
const GAMMA = [1, 0.5, -2, 1.5];
const BETA = [0, 0.1, 0.2, -0.3];

describe.each(BACKENDS)('LayerNorm on %s', (backend) => {
  it.each([1e-12, 1e-5, 1e-3])('matches the float64 formula with eps %s', async (eps) => {
    await useBackend(backend);
    const ln = new LayerNorm(tf.tensor1d(GAMMA), tf.tensor1d(BETA), eps);
    const got = tf.tidy(() => ln.forward(tf.tensor2d(ROWS)));
    // LayerNorm of these small rows is held to the cpu budget on every backend.
    expect(maxAbsDiff(got, layerNorm64(ROWS, GAMMA, BETA, eps))).toBeLessThan(CPU_ATOL);
    tf.dispose([got, ln.weight, ln.bias]);
  });
});

describe('LayerNorm eps', () => {
  it('reads eps: small-variance rows change visibly between 1e-12 and 1e-3', async () => {
    await useBackend('cpu');
    const a = layerNorm64(ROWS, GAMMA, BETA, 1e-12);
    const b = layerNorm64(ROWS, GAMMA, BETA, 1e-3);
    expect(Math.abs(a[8]! - b[8]!)).toBeGreaterThan(0.1);
  });
});
