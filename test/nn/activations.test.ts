import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, HIDDEN_ACTS, activation } from '../../src/nn/activations.js';
import { BACKENDS, erf64, maxAbsDiff, useBackend } from './backends.js';

const XS = [-6, -3, -2.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 1.7, 2.5, 3, 6];
// float64 definitions from transformers activations.py
const EXPECTED: Record<string, (x: number) => number> = {
  gelu: (x) => 0.5 * x * (1 + erf64(x / Math.SQRT2)),
  gelu_new: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  gelu_fast: (x) => 0.5 * x * (1 + Math.tanh(0.7978845608 * x * (1 + 0.044715 * x * x))),
  quick_gelu: (x) => x / (1 + Math.exp(-1.702 * x)),
  relu: (x) => Math.max(0, x),
  silu: (x) => x / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  linear: (x) => x,
};

describe.each(BACKENDS)('activations on %s', (backend, atol) => {
  it.each(Object.keys(EXPECTED))('%s matches its float64 definition', async (name) => {
    await useBackend(backend);
    const fn = activation(name as keyof typeof ACTIVATIONS);
    const got = tf.tidy(() => fn(tf.tensor1d(XS)));
    // gelu through tf.erf: A&S 7.1.26 has |error| ≈ 1.5e-7, times |x|/2.
    expect(maxAbsDiff(got, new Float32Array(XS.map(EXPECTED[name]!)))).toBeLessThan(Math.min(atol, 2e-6));
    got.dispose();
  });
});

describe('activation names', () => {
  it('exact and tanh GELU differ, so the config name matters', () => {
    const x = 1.5;
    expect(Math.abs(EXPECTED.gelu!(x) - EXPECTED.gelu_new!(x))).toBeGreaterThan(1e-5);
  });
  it('lists the HF aliases', () => {
    expect(HIDDEN_ACTS).toEqual(expect.arrayContaining(['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'swish', 'relu']));
  });
});
