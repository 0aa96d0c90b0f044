// Fused ops that tfjs does not have, as custom kernels: layer_norm.ts and activations.ts here
// run tf.engine().runKernel(name, ...) when the current backend has a kernel registered under
// the name, and their composite of tfjs ops otherwise. src/kernels' useFastKernels() registers
// them for wasm.
// Their gradients are registered by src/training/fused_gradients.ts when a model starts training.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

/** GELU, "gelu" in HF configs: inputs {x}, no attributes. */
export const GELU_KERNEL = 'SbertGelu';
/** LayerNorm over the last axis: inputs {x, gamma, beta}, attribute {eps}. */
export const LAYER_NORM_KERNEL = 'SbertLayerNorm';

/** Whether the current backend has a kernel registered under `name`. */
export function hasFusedKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** Runs a fused kernel on the current backend (check hasFusedKernel first). */
export function runFused(name: string, inputs: Record<string, Tensor>, attrs: NamedAttrMap = {}): Tensor {
  return tf.engine().runKernel(name, inputs, attrs) as Tensor;
}
