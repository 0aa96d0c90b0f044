// L2 normalization exactly like torch.nn.functional.normalize(x, p=2, dim=-1):
// x / max(||x||, eps) with eps = 1e-12, so a zero vector stays zero instead of becoming NaN.
import * as tf from '@tensorflow/tfjs-core';

export const NORMALIZE_EPS = 1e-12;

/** Rows scaled to unit L2 norm. x [N, D] -> [N, D] (any rank: normalizes the last axis). */
export function l2Normalize<T extends tf.Tensor>(x: T): T {
  const norm = tf.sqrt(tf.sum(tf.square(x), -1, true)); // [..., 1]
  return tf.div(x, tf.maximum(norm, NORMALIZE_EPS)) as T;
}
