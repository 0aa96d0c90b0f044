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

describe.each(BACKENDS)('exact and tanh GELU on %s', (backend) => {
  // Points where the erf and tanh forms are far apart (|Δ| from 9.8e-5 at ±2 to 4.4e-4 at ±2.5),
  // so the config name matters: a model configured "gelu" must not run the tanh approximation.
  const AT = [-2.5, -2, -1.5, 1.5, 2, 2.5, 3];
  it('gelu and gelu_new are each their own float64 definition and differ from each other by it', async () => {
    await useBackend(backend);
    const exact = tf.tidy(() => activation('gelu')(tf.tensor1d(AT)));
    const tanh = tf.tidy(() => activation('gelu_new')(tf.tensor1d(AT)));
    const gotDiff = tf.tidy(() => tf.sub(exact, tanh));
    const wantDiff = new Float32Array(AT.map((x) => EXPECTED.gelu!(x) - EXPECTED.gelu_new!(x)));
    // The difference itself is large against float32 rounding of values below 3 (~2.4e-7 each) ...
    expect(Math.min(...wantDiff.map(Math.abs))).toBeGreaterThan(9e-5);
    // ... and the library's two variants reproduce it: swapping or merging them fails here.
    expect(maxAbsDiff(gotDiff, wantDiff)).toBeLessThan(2e-6);
    expect(maxAbsDiff(exact, new Float32Array(AT.map(EXPECTED.gelu!)))).toBeLessThan(2e-6);
    expect(maxAbsDiff(tanh, new Float32Array(AT.map(EXPECTED.gelu_new!)))).toBeLessThan(2e-6);
    tf.dispose([exact, tanh, gotDiff]);
  });
  it('gelu_pytorch_tanh is the tanh form and swish is silu', async () => {
    await useBackend(backend);
    const x = tf.tensor1d(AT);
    const pairs = [['gelu_pytorch_tanh', 'gelu_new'], ['swish', 'silu']] as const;
    for (const [alias, name] of pairs) {
      const a = tf.tidy(() => activation(alias)(x));
      expect(maxAbsDiff(a, new Float32Array(AT.map(EXPECTED[name]!)))).toBeLessThan(2e-6);
      a.dispose();
    }
    x.dispose();
  });
});

describe('activation names', () => {
  it('lists the HF aliases', () => {
    expect(HIDDEN_ACTS).toEqual(expect.arrayContaining(['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'swish', 'relu']));
  });
});
