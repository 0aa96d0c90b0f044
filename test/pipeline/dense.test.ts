// Dense (src/modules/dense.ts) against torch.nn.Linear's definition computed here in float64:
// linear.weight is stored [out, in] as sentence-transformers saves it, y = act(x·Wᵀ + b).
// Also its ownership (what it keeps, disposes and reports unused) and its weight errors.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DenseConfig } from '../../src/modules/config.js';
import { Dense } from '../../src/modules/dense.js';
import type { Features } from '../../src/modules/features.js';

// W [out=3, in=2] as torch stores it (not square, so a swapped layout cannot pass the shape check).
const W = [[1, 2], [3, 4], [-1, 0.5]];
const B = [0.1, -0.2, 0.3];
const X = [[1, -1], [2, 0.5]]; // [B=2, in=2]
const FILES = { config: '2_Dense/config.json', weights: '2_Dense/model.safetensors' };
const config = (o: Partial<DenseConfig> = {}): DenseConfig => ({ in_features: 2, out_features: 3, bias: true, activation_function: 'torch.nn.modules.activation.Tanh', ...o });

function expected(bias: boolean): number[][] {
  return X.map((x) => W.map((w, o) => Math.tanh(x[0]! * w[0]! + x[1]! * w[1]! + (bias ? B[o]! : 0))));
}

function run(d: Dense): number[][] {
  const y = tf.tidy(() => d.forward({ sentence_embedding: tf.tensor2d(X) } as unknown as Features).sentence_embedding!);
  const out = y.arraySync();
  y.dispose();
  return out;
}

function expectClose(got: number[][], want: number[][]): void {
  got.flat().forEach((v, i) => expect(Math.abs(v - want.flat()[i]!)).toBeLessThan(1e-6));
}

describe('Dense', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reads linear.weight [out, in] and linear.bias, and computes tanh(x·Wᵀ + b)', () => {
    const w = tf.tensor2d(W);
    const b = tf.tensor1d(B);
    const before = tf.memory().numTensors;
    const { module, unusedKeys } = Dense.load('2', config(), new Map<string, tf.Tensor>([['linear.weight', w], ['linear.bias', b]]), FILES);
    expect(unusedKeys).toEqual([]);
    expect(module.outputDimension()).toBe(3);
    expect(module.linear.kernel.shape).toEqual([2, 3]);
    // The [out, in] weight is replaced by its transpose and freed; the bias is kept as is.
    expect(w.isDisposed).toBe(true);
    expect(module.linear.bias).toBe(b);
    expect(tf.memory().numTensors).toBe(before);
    expectClose(run(module), expected(true));
    module.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  it('bias false: no bias, and a stored linear.bias is reported unused (still the caller\'s)', () => {
    const b = tf.tensor1d(B);
    const { module, unusedKeys } = Dense.load('2', config({ bias: false }), new Map<string, tf.Tensor>([['linear.weight', tf.tensor2d(W)], ['linear.bias', b]]), FILES);
    expect(unusedKeys).toEqual(['linear.bias']);
    expect(b.isDisposed).toBe(false);
    expect(module.linear.bias).toBeNull();
    expectClose(run(module), expected(false));
    module.dispose();
    b.dispose();
  });

  it('refuses the [in, out] layout, a missing bias and a missing weight, naming the file and key; frees nothing of the caller\'s', () => {
    const wt = tf.tensor2d([[1, 3, -1], [2, 4, 0.5]]); // W transposed: [in, out]
    const b = tf.tensor1d(B);
    const before = tf.memory().numTensors;
    expect(() => Dense.load('2', config(), new Map<string, tf.Tensor>([['linear.weight', wt], ['linear.bias', b]]), FILES))
      .toThrow(/2_Dense\/model\.safetensors.*linear\.weight.*has shape \[2, 3\], expected \[3, 2\]/);
    expect(() => Dense.load('2', config(), new Map<string, tf.Tensor>([['linear.weight', tf.tensor2d(W)]]), FILES)).toThrow(/linear\.bias.*is missing/);
    expect(() => Dense.load('2', config(), new Map<string, tf.Tensor>([['linear.bias', b]]), FILES)).toThrow(/linear\.weight.*is missing/);
    expect(wt.isDisposed || b.isDisposed).toBe(false);
    // the one tensor made above (the W of the missing-bias case) is the caller's; the failed load made none
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([wt, b]);
  });
});
