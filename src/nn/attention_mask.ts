// The attention mask as an additive bias on the attention scores.
import * as tf from '@tensorflow/tfjs-core';

/**
 * The value added to scores of padded keys. Implementations differ: transformers uses
 * finfo(float32).min (−3.4e38; −10000 before 2022), DistilBERT fills with it (−inf in old
 * versions), MLX uses log(mask). We use −1e9: exp(−1e9 + s − max) is exactly 0 in float32 for
 * any realistic score, so probabilities are bit-identical to the reference, and it stays finite
 * (WebGL half-float textures turn −3.4e38 into −Inf, and −Inf makes fully masked rows NaN).
 */
export const MASK_ADDEND = -1e9;

/** mask [B, T] of 1 (keep) / 0 (pad), any numeric dtype -> [B, 1, 1, T] float32: 0 keep, −1e9 drop. */
export function extendedAttentionMask(mask: tf.Tensor2D): tf.Tensor4D {
  const [b, t] = mask.shape;
  const keep = tf.cast(mask, 'float32');                                        // [B, T]
  const bias = tf.mul(tf.sub(1, keep), MASK_ADDEND);                            // [B, T]
  return tf.reshape(bias, [b, 1, 1, t]);                                        // [B, 1, 1, T]
}
