// Activations by their Hugging Face config names (transformers activations.py :: ACT2FN).
// tfjs-core has no GELU op, so we own the definitions; each is written as HF computes it.
import * as tf from '@tensorflow/tfjs-core';
import { GELU_KERNEL, hasFusedKernel, runFused } from './fused_ops.js';

export type Activation = (x: tf.Tensor) => tf.Tensor;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * "gelu" in HF configs is the exact erf form 0.5·x·(1 + erf(x/√2)). tf.erf is the
 * Abramowitz–Stegun 7.1.26 approximation (|error| ≈ 1.5e-7), well inside the 1e-5 parity budget.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  // One fused kernel where registered (src/kernels: the same ops in one pass), float32 only.
  if (x.dtype === 'float32' && hasFusedKernel(GELU_KERNEL)) return runFused(GELU_KERNEL, { x });
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
}

/** "gelu_new" (= "gelu_pytorch_tanh"): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), the GPT-2 form. */
export function geluNew(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}

/** "gelu_fast": 0.5·x·(1 + tanh(0.7978845608·x·(1 + 0.044715·x²))). */
export function geluFast(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.mul(x, 0.7978845608), tf.add(1, tf.mul(0.044715, tf.square(x))));
  return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
}

/** "quick_gelu": x·σ(1.702·x). */
export function quickGelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(tf.mul(x, 1.702)));
}

/** "silu" / "swish": x·σ(x). */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sigmoid(x));
}

export const ACTIVATIONS = {
  gelu,
  gelu_new: geluNew,
  gelu_pytorch_tanh: geluNew,
  gelu_fast: geluFast,
  quick_gelu: quickGelu,
  relu: (x: tf.Tensor) => tf.relu(x),
  silu,
  swish: silu,
  tanh: (x: tf.Tensor) => tf.tanh(x),
  linear: (x: tf.Tensor) => x,
} as const satisfies Record<string, Activation>;

/** The config names we accept for hidden_act / activation; anything else is refused at parse time. */
export type HiddenAct = keyof typeof ACTIVATIONS;
export const HIDDEN_ACTS = Object.keys(ACTIVATIONS) as HiddenAct[];

/** The activation by config name, run in its own tidy so its temporaries go at once (architectures/trace.ts: why leaf tidies). */
export function activation(name: HiddenAct): Activation {
  const fn: Activation = ACTIVATIONS[name];
  return (x) => tf.tidy(name, () => fn(x));
}
