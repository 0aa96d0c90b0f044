// Scaled dot-product attention over heads, shared by BERT and DistilBERT
// (transformers modeling_bert.py :: eager_attention_forward, which DistilBERT copies).
import * as tf from '@tensorflow/tfjs-core';
import type { Dropout } from './dropout.js';

/** [B, T, H] -> [B, nh, T, hs] */
export function splitHeads(x: tf.Tensor3D, numHeads: number): tf.Tensor4D {
  const [b, t, h] = x.shape;
  const heads = tf.reshape(x, [b, t, numHeads, h / numHeads]);                // [B, T, nh, hs]
  return tf.transpose(heads as tf.Tensor4D, [0, 2, 1, 3]);                                  // [B, nh, T, hs]
}

/** [B, nh, T, hs] -> [B, T, H] */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [b, nh, t, hs] = x.shape;
  const perm = tf.transpose(x, [0, 2, 1, 3]);                                 // [B, T, nh, hs]
  return tf.reshape(perm, [b, t, nh * hs]);                                   // [B, T, H]
}

export interface AttentionResult {
  /** probs·v, heads merged: [B, T, H] */
  context: tf.Tensor3D;
  /** softmax over keys, after dropout when training: [B, nh, T, T] */
  probs: tf.Tensor4D;
}

/**
 * softmax(q·kᵀ · hs^-0.5 + maskBias)·v, in the reference's order (scale after the product).
 * k is transposed explicitly to [B, nh, hs, T] rather than via matMul's transposeB, the slow path on wasm.
 * `dropout` acts on the probabilities, as eager_attention_forward's does (a no-op unless training).
 */
export function scaledDotProductAttention(
  q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, maskBias: tf.Tensor4D, dropout?: Dropout,
): AttentionResult {
  // Its own tidy: the four [B, nh, T, T] temporaries go as soon as it returns (architectures/trace.ts: why leaf tidies).
  return tf.tidy('scaledDotProductAttention', () => {
    const hs = q.shape[3];
    const kT = tf.transpose(k, [0, 1, 3, 2]);                                 // [B, nh, hs, T]
    const scores = tf.mul(tf.matMul(q, kT), hs ** -0.5);                      // [B, nh, T, T]
    const softmax = tf.softmax(tf.add(scores, maskBias)) as tf.Tensor4D;      // [B, nh, T, T]
    const probs = dropout === undefined ? softmax : dropout.forward(softmax);
    const context = mergeHeads(tf.matMul(probs, v));                          // [B, T, H]
    return { context, probs };
  });
}
