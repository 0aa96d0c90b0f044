// Pooling as pure tensor functions, one per mode of sentence-transformers'
// Pooling module (sentence_transformer/modules/pooling.py, `_forward_padded`). No state, no
// in-place writes. Every function takes token vectors [B, T, H] and the attention mask [B, T]
// (0/1, any dtype) and returns [B, H]. Constants are the reference's: counts clamped at 1e-9.
import * as tf from '@tensorflow/tfjs-core';

/** The reference clamps token counts (and weight sums) at this value before dividing. */
export const POOLING_CLAMP_MIN = 1e-9;
/** Masked positions are filled with this before the max (the v0.2-v3 reference value; the
 *  current one uses -inf: identical for any text with at least one token). */
export const MAX_POOL_FILL = -1e9;

function floatMask(mask: tf.Tensor2D, dtype: tf.DataType): tf.Tensor3D {
  return tf.expandDims(tf.cast(mask, dtype), -1) as tf.Tensor3D; // [B, T, 1]
}

/** Index of the first token with mask 1 per row ([B] int32); 0 when a row is all padding.
 *  The reference uses argmax over the mask, which handles left padding. */
export function firstTokenIndex(mask: tf.Tensor2D): tf.Tensor1D {
  return tf.argMax(tf.cast(mask, 'int32'), 1) as tf.Tensor1D; // [B]
}

/** Token vector of the first unmasked position (the [CLS] token for right padding). */
export function clsPool(tokens: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const idx = firstTokenIndex(mask); // [B]
  const rows = tf.range(0, tokens.shape[0], 1, 'int32'); // [B]
  const pairs = tf.stack([rows, idx], 1); // [B, 2]
  return tf.gatherND(tokens, pairs) as tf.Tensor2D; // [B, H]
}

/**
 * Weighted sums over the token axis as batched matMuls: sum_t w[b,t] x[b,t,:] and sum_t w[b,t].
 * Why matMul instead of tf.sum(tf.mul(tokens, w), 1): on tfjs-backend-webgpu 4.22.0 (Chromium 156,
 * SwiftShader adapter) the Sum reduction over axis 1 returns wrong values (0 for the count of an
 * [B,T,1] mask) once any reduction over the last axis has run in the page, as the encoder's layer
 * norms do; reproduction: test/browser/repro/webgpu_reduce_after_moments.mts. BatchMatMul does not
 * hit it, and on cpu/wasm/webgl it gives the same sums (float32 accumulation either way).
 */
function weightedTokenSums(tokens: tf.Tensor3D, w: tf.Tensor3D): [tf.Tensor2D, tf.Tensor2D] {
  const [B, T, H] = tokens.shape;
  const wRow = tf.reshape(w, [B, 1, T]); // [B, 1, T] (same memory order as [B, T, 1])
  const summed = tf.reshape(tf.matMul(wRow, tokens), [B, H]) as tf.Tensor2D; // [B, 1, H] -> [B, H]
  const total = tf.reshape(tf.matMul(wRow, tf.ones([B, T, 1], w.dtype)), [B, 1]) as tf.Tensor2D; // [B, 1, 1] -> [B, 1]
  return [summed, total];
}

/** Sum over unmasked tokens and the clamped token count: the shared part of mean and mean_sqrt_len. */
function maskedSumAndCount(tokens: tf.Tensor3D, mask: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const m = floatMask(mask, tokens.dtype); // [B, T, 1]
  const [summed, total] = weightedTokenSums(tokens, m); // [B, H], [B, 1]
  const counts = tf.maximum(total, POOLING_CLAMP_MIN) as tf.Tensor2D; // [B, 1]
  return [summed, counts];
}

/** Mean of the token vectors where mask == 1. */
export function meanPool(tokens: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const [summed, counts] = maskedSumAndCount(tokens, mask);
  return tf.div(summed, counts); // [B, H]
}

/** Sum of the unmasked token vectors divided by sqrt(number of tokens). */
export function meanSqrtLenPool(tokens: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const [summed, counts] = maskedSumAndCount(tokens, mask);
  return tf.div(summed, tf.sqrt(counts)); // [B, H]
}

/** Element-wise max over unmasked tokens (masked positions filled with MAX_POOL_FILL). */
export function maxPool(tokens: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const keep = tf.cast(floatMask(mask, 'float32'), 'bool'); // [B, T, 1]
  const filled = tf.where(tf.broadcastTo(keep, tokens.shape), tokens, tf.fill(tokens.shape, MAX_POOL_FILL)); // [B, T, H]
  return tf.max(filled, 1) as tf.Tensor2D; // [B, H]
}

/** Position-weighted mean (weights 1..T, counted from the first unmasked token, as the reference
 *  does for left padding): sum_t w_t m_t x_t / clamp(sum_t w_t m_t, 1e-9). */
export function weightedMeanPool(tokens: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const [, T] = mask.shape;
  const m = floatMask(mask, 'float32'); // [B, T, 1]
  const positions = tf.reshape(tf.range(1, T + 1, 1, 'float32'), [1, T, 1]); // [1, T, 1]
  const offsets = tf.reshape(tf.cast(firstTokenIndex(mask), 'float32'), [-1, 1, 1]); // [B, 1, 1]
  const w = tf.mul(m, tf.sub(positions, offsets)); // [B, T, 1]
  const [summed, wsum] = weightedTokenSums(tokens, tf.cast(w, tokens.dtype) as tf.Tensor3D); // [B, H], [B, 1] (matMul: see weightedTokenSums)
  const total = tf.maximum(wsum, POOLING_CLAMP_MIN); // [B, 1]
  return tf.div(summed, total) as tf.Tensor2D;
}

/** Token vector of the last unmasked position (for decoder-style embedders). A row with no
 *  token at all gives the (zeroed) last position, as in the reference. */
export function lastTokenPool(tokens: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  const [B, T] = mask.shape;
  const mi = tf.cast(mask, 'int32'); // [B, T]
  // argmax of the flipped mask is the distance of the last 1 from the end.
  const fromEnd = tf.argMax(tf.reverse(mi, 1), 1); // [B]
  const any = tf.greater(tf.max(mi, 1), 0); // [B]
  const idx = tf.where(any, tf.sub(T - 1, fromEnd), tf.fill([B], T - 1, 'int32')) as tf.Tensor1D; // [B]
  const zeroed = tf.mul(tokens, floatMask(mask, tokens.dtype)); // [B, T, H]
  const pairs = tf.stack([tf.range(0, B, 1, 'int32'), tf.cast(idx, 'int32')], 1); // [B, 2]
  return tf.gatherND(zeroed, pairs) as tf.Tensor2D; // [B, H]
}

export type PoolingModeName = 'cls' | 'max' | 'mean' | 'mean_sqrt_len_tokens' | 'weightedmean' | 'lasttoken';

/** The modes in the reference's canonical order (Pooling.POOLING_MODES). */
export const POOLING_MODES: readonly PoolingModeName[] = ['cls', 'max', 'mean', 'mean_sqrt_len_tokens', 'weightedmean', 'lasttoken'];

export const POOLING_FUNCTIONS: Readonly<Record<PoolingModeName, (tokens: tf.Tensor3D, mask: tf.Tensor2D) => tf.Tensor2D>> = {
  cls: clsPool,
  max: maxPool,
  mean: meanPool,
  mean_sqrt_len_tokens: meanSqrtLenPool,
  weightedmean: weightedMeanPool,
  lasttoken: lastTokenPool,
};
