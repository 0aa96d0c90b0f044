// Gradients of nn/fused_ops.ts's custom kernels (GELU and LayerNorm in one pass, registered for
// wasm by src/kernels' useFastKernels). With them, a model keeps the fast kernels while it
// trains: the forward runs the fused kernel, the backward these composites of tfjs ops.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { GELU_KERNEL, LAYER_NORM_KERNEL } from '../nn/fused_ops.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** d/dx 0.5·x·(1 + erf(x/√2)) = 0.5·(1 + erf(x/√2)) + x·φ(x), φ the standard normal density (torch's GeluBackward). */
function geluGrad(dy: Tensor, x: Tensor): Tensor {
  const cdf = tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
  const pdf = tf.mul(INV_SQRT_2PI, tf.exp(tf.mul(-0.5, tf.square(x))));
  return tf.mul(dy, tf.add(cdf, tf.mul(x, pdf)));
}

/**
 * LayerNorm over the last axis, y = x̂·γ + β with x̂ = (x − μ)·r, r = (σ² + eps)^-½:
 * dβ = Σ dy, dγ = Σ dy·x̂ (over every axis but the last), dx = r·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ.
 */
function layerNormGrads(dy: Tensor, x: Tensor, gamma: Tensor, eps: number): { x: () => Tensor; gamma: () => Tensor; beta: () => Tensor } {
  const lead = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, -1, true);                          // [..., 1]
  const r = tf.rsqrt(tf.add(variance, eps));                                   // [..., 1]
  const xHat = tf.mul(tf.sub(x, mean), r);                                     // [..., H]
  return {
    x: () => {
      const g = tf.mul(dy, gamma);                                             // [..., H]
      const centred = tf.sub(g, tf.mean(g, -1, true));
      return tf.mul(r, tf.sub(centred, tf.mul(xHat, tf.mean(tf.mul(g, xHat), -1, true))));
    },
    gamma: () => tf.sum(tf.mul(dy, xHat), lead),
    beta: () => tf.sum(dy, lead),
  };
}

export function registerFusedGradients(): void {
  if (tf.getGradient(GELU_KERNEL) === undefined) {
    tf.registerGradient({ kernelName: GELU_KERNEL, inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => geluGrad(dy as Tensor, x!) }) });
  }
  if (tf.getGradient(LAYER_NORM_KERNEL) === undefined) {
    tf.registerGradient({
      kernelName: LAYER_NORM_KERNEL,
      inputsToSave: ['x', 'gamma'],
      gradFunc: (dy, [x, gamma], attrs) => layerNormGrads(dy as Tensor, x!, gamma!, attrs['eps'] as number),
    });
  }
}
