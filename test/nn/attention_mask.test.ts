import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { extendedAttentionMask } from '../../src/nn/attention_mask.js';
import { BACKENDS, useBackend } from './backends.js';

// The reference (transformers 5.24, masking_utils.eager_mask) adds torch.finfo(float32).min to
// the scores of padded keys (its sdpa path passes the same mask as booleans); src/nn/attention_mask.ts
// adds −1e9 instead (finite on WebGL's half-float textures). Both are written out here as
// literals, not read from the code under test.
const REFERENCE_MASK_VALUE = -3.4028234663852886e38; // torch.finfo(torch.float32).min
const OUR_MASK_VALUE = -1e9;

function softmaxWithBias(scores: number[][], mask: number[][], padValue: number | null): Float32Array {
  return tf.tidy(() => {
    const s = tf.tensor4d(scores.flat(), [scores.length, 1, 1, scores[0]!.length]);
    const bias = padValue === null
      ? extendedAttentionMask(tf.tensor2d(mask, undefined, 'int32'))
      : tf.tensor4d(mask.flat().map((m) => (m === 1 ? 0 : padValue)), s.shape);
    return tf.softmax(tf.add(s, bias));
  }).dataSync() as Float32Array;
}

describe.each(BACKENDS)('extendedAttentionMask on %s', (backend) => {
  it('gives [B, 1, 1, T] with 0 for kept keys and −1e9 for padded ones', async () => {
    await useBackend(backend);
    const bias = tf.tidy(() => extendedAttentionMask(tf.tensor2d([[1, 1, 0], [1, 0, 0]], [2, 3], 'int32')));
    expect(bias.shape).toEqual([2, 1, 1, 3]);
    expect(bias.dtype).toBe('float32');
    expect(Array.from(bias.dataSync(), (v) => v + 0)).toEqual([0, 0, OUR_MASK_VALUE, 0, OUR_MASK_VALUE, OUR_MASK_VALUE]);
    bias.dispose();
  });

  it('gives the same attention probabilities as the reference\'s finfo(float32).min bias, bit for bit', async () => {
    await useBackend(backend);
    // Padded keys with scores up to 1e4 above the kept ones: the old transformers value −10000
    // would leave them a probability of ~e^-60, not 0.
    const scores = [[50, -20, 9990, 3], [0.5, 9999, -9999, 1e4], [7, 7, 7, 7]];
    const mask = [[1, 1, 0, 1], [1, 0, 0, 0], [1, 1, 1, 1]];
    const ours = softmaxWithBias(scores, mask, null);
    const reference = softmaxWithBias(scores, mask, REFERENCE_MASK_VALUE);
    expect(Array.from(ours)).toEqual(Array.from(reference));
    // padded keys get exactly 0; the kept ones share all of it
    expect([ours[2], ours[5], ours[6], ours[7]]).toEqual([0, 0, 0, 0]);
    expect(ours[4]).toBe(1);
    expect(ours[0]! + ours[1]! + ours[3]!).toBeCloseTo(1, 6);
    // and the −10000 of old transformers would not have been exact here
    const old = softmaxWithBias(scores, mask, -10000);
    expect(old[2]).toBeGreaterThan(0);
  });
});
