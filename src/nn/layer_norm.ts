// mirrors torch.nn.LayerNorm over the last axis: (x − μ) / √(σ² + eps) · γ + β with the biased σ².
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../io/weight_store.js';
import { hasFusedKernel, LAYER_NORM_KERNEL, runFused } from './fused_ops.js';

export class LayerNorm {
  constructor(
    /** γ [H] */ public weight: tf.Tensor1D,
    /** β [H] */ public bias: tf.Tensor1D,
    /** From config.json layer_norm_eps (DistilBERT: hard-coded 1e-12 upstream). */
    public eps: number,
  ) {}

  static load(w: WeightScope, dim: number, eps: number): LayerNorm {
    return new LayerNorm(w.get('weight', [dim]) as tf.Tensor1D, w.get('bias', [dim]) as tf.Tensor1D, eps);
  }

  /** x [..., H] -> [..., H]. Its own tidy frees its eight temporaries at once (architectures/trace.ts: why leaf tidies). */
  forward(x: tf.Tensor): tf.Tensor {
    if (x.dtype === 'float32' && hasFusedKernel(LAYER_NORM_KERNEL)) {
      return runFused(LAYER_NORM_KERNEL, { x, gamma: this.weight, beta: this.bias }, { eps: this.eps });
    }
    return tf.tidy('LayerNorm', () => {
      const { mean, variance } = tf.moments(x, -1, true);                       // [..., 1] each
      const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps)));  // [..., H]
      return tf.add(tf.mul(normed, this.weight), this.bias);
    });
  }
}
