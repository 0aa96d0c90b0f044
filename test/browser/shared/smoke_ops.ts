// A transformer-layer-shaped op sequence (matmul + bias, exact GELU via erf, layer norm,
// masked softmax attention) run identically in Node and in the page, so each browser backend
// is checked against Node's cpu backend before any model code is involved.
import type * as tfType from '@tensorflow/tfjs-core';

type TF = typeof tfType;

/** Deterministic values in [-1, 1) from a 32-bit LCG (same in every JS engine). */
export function lcg(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export const SMOKE = { B: 2, T: 8, H: 32, F: 64 } as const;

/** Returns a tensor the caller reads (async: WebGPU has no synchronous readback) and disposes. */
export function smokeOps(tf: TF): tfType.Tensor3D {
  const { B, T, H, F } = SMOKE;
  return tf.tidy((): tfType.Tensor3D => {
    const x = tf.tensor3d(lcg(B * T * H, 1), [B, T, H]); // [B, T, H]
    const w1 = tf.mul(tf.tensor2d(lcg(F * H, 2), [F, H]), 0.3); // [F, H] like nn.Linear
    const b1 = tf.tensor1d(lcg(F, 3)); // [F]
    const w2 = tf.mul(tf.tensor2d(lcg(H * F, 4), [H, F]), 0.2); // [H, F]
    const gamma = tf.add(tf.tensor1d(lcg(H, 5)), 1); // [H]
    const beta = tf.tensor1d(lcg(H, 6)); // [H]
    // second sequence has its last two positions padded
    const mask = tf.tensor2d(Array.from({ length: B * T }, (_, i) => (i >= T && i % T >= T - 2 ? 0 : 1)), [B, T]); // [B, T]

    const h = tf.add(tf.matMul(tf.reshape(x, [B * T, H]), w1, false, true), b1); // [B*T, F]
    const gelu = tf.mul(tf.mul(h, 0.5), tf.add(tf.erf(tf.div(h, Math.SQRT2)), 1)); // [B*T, F]
    const y = tf.add(tf.reshape(tf.matMul(gelu, w2, false, true), [B, T, H]), x); // [B, T, H] residual
    const { mean, variance } = tf.moments(y, -1, true); // [B, T, 1]
    const ln = tf.add(tf.mul(tf.div(tf.sub(y, mean), tf.sqrt(tf.add(variance, 1e-12))), gamma), beta); // [B, T, H]
    const scores = tf.div(tf.matMul(ln, ln, false, true), Math.sqrt(H)); // [B, T, T]
    const bias = tf.reshape(tf.mul(tf.sub(1, mask), -1e9), [B, 1, T]); // [B, 1, T]
    const probs = tf.softmax(tf.add(scores, bias), -1); // [B, T, T]
    const ctx = tf.matMul(probs, ln) as tfType.Tensor3D; // [B, T, H]
    return ctx;
  });
}
