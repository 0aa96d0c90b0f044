import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MASK_ADDEND, extendedAttentionMask } from '../../src/nn/attention_mask.js';
import { BACKENDS, useBackend } from './backends.js';

describe.each(BACKENDS)('extendedAttentionMask on %s', (backend) => {
  it('gives [B, 1, 1, T] with 0 for kept and the finite constant for padded keys', async () => {
    await useBackend(backend);
    const bias = tf.tidy(() => extendedAttentionMask(tf.tensor2d([[1, 1, 0], [1, 0, 0]], [2, 3], 'int32')));
    expect(bias.shape).toEqual([2, 1, 1, 3]);
    expect(Array.from(bias.dataSync(), (v) => v + 0)).toEqual([0, 0, MASK_ADDEND, 0, MASK_ADDEND, MASK_ADDEND]);
    expect(Number.isFinite(MASK_ADDEND)).toBe(true);
    bias.dispose();
  });

  it('padded keys get probability exactly 0, even with large scores', async () => {
    await useBackend(backend);
    const probs = tf.tidy(() => {
      const scores = tf.tensor4d([[[[50, -20, 3000]]]]);                      // [1, 1, 1, 3]
      return tf.softmax(tf.add(scores, extendedAttentionMask(tf.tensor2d([[1, 1, 0]], [1, 3], 'int32'))));
    });
    const p = probs.dataSync();
    expect(p[2]).toBe(0);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
    probs.dispose();
  });
});
