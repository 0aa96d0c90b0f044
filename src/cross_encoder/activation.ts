// The activation predict() applies to the logits, named as the reference saves it: a torch class
// path ("torch.nn.modules.activation.Sigmoid") in config_sentence_transformers.json's
// activation_fn, in config.json's sentence_transformers.activation_fn (v4, v5) or in its
// sbert_ce_default_activation_function (< v4). The reference instantiates the class with no
// arguments, so Softmax has dim=None: the last dimension of the [B, num_labels] logits.
import * as tf from '@tensorflow/tfjs-core';

/** logits [B, num_labels] -> scores [B, num_labels]. Synchronous; runs inside predict()'s tidy. */
export type ActivationFn = (logits: tf.Tensor2D) => tf.Tensor2D;

export const ACTIVATIONS = {
  Sigmoid: (x: tf.Tensor2D) => tf.sigmoid(x),
  Identity: (x: tf.Tensor2D) => x,
  Tanh: (x: tf.Tensor2D) => tf.tanh(x),
  ReLU: (x: tf.Tensor2D) => tf.relu(x),
  Softmax: (x: tf.Tensor2D) => tf.softmax(x),
} as const satisfies Record<string, ActivationFn>;

export type ActivationName = keyof typeof ACTIVATIONS;

/** The torch path the reference writes for each (torch.nn.Sigmoid and the like resolve to these too). */
export const ACTIVATION_PATHS: Readonly<Record<ActivationName, string>> = {
  Sigmoid: 'torch.nn.modules.activation.Sigmoid',
  Identity: 'torch.nn.modules.linear.Identity',
  Tanh: 'torch.nn.modules.activation.Tanh',
  ReLU: 'torch.nn.modules.activation.ReLU',
  Softmax: 'torch.nn.modules.activation.Softmax',
};

export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(ACTIVATIONS, name);
}

/**
 * The activation a saved path names: its class name for torch paths ("torch.nn.Sigmoid" and
 * "torch.nn.modules.activation.Sigmoid" alike); null for a path outside torch, which the
 * reference will not import without trust_remote_code (it falls back to the default); undefined
 * for a torch class this library does not implement.
 */
export function activationFromPath(path: string): ActivationName | null | undefined {
  if (!path.startsWith('torch.')) return null;
  const cls = path.slice(path.lastIndexOf('.') + 1);
  return isActivationName(cls) ? cls : undefined;
}

/** Sigmoid for one label, Identity otherwise: the reference's default. */
export function defaultActivation(numLabels: number): ActivationName {
  return numLabels === 1 ? 'Sigmoid' : 'Identity';
}
