// Walking the module tree (STYLE.md P1): because properties are named like the checkpoint's key
// segments, the walk gives back the checkpoint names, as PyTorch's named_parameters() does.
import * as tf from '@tensorflow/tfjs-core';
import { Linear } from './linear.js';

/** Properties that hold settings, not submodules. */
const SKIPPED = new Set(['config']);

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

interface Parameter {
  name: string;
  tensor: tf.Tensor;
  /** A Linear kernel: held [in, out], stored [out, in] in checkpoints. */
  transposed: boolean;
}

function* walk(node: unknown, prefix: string, seen: Set<object>): Generator<Parameter> {
  if (node instanceof tf.Tensor) {
    yield { name: prefix, tensor: node, transposed: false };
    return;
  }
  if (typeof node !== 'object' || node === null || seen.has(node)) return;
  seen.add(node);
  if (node instanceof Linear) {
    yield { name: join(prefix, 'weight'), tensor: node.kernel, transposed: true };
    if (node.bias !== null) yield { name: join(prefix, 'bias'), tensor: node.bias, transposed: false };
    return;
  }
  // Arrays give "layer.0", "layer.1", …; plain objects their own enumerable properties.
  for (const [key, child] of Object.entries(node)) {
    if (SKIPPED.has(key)) continue;
    yield* walk(child, join(prefix, key), seen);
  }
}

/**
 * [checkpoint name, tensor] for every weight reachable from `model`, in declaration order.
 * The tensors are the model's own (do not dispose them). Linear weights are the held [in, out]
 * kernels under the checkpoint's name "…weight"; use stateDict() for the checkpoint layout.
 */
export function namedParameters(model: unknown): Array<[string, tf.Tensor]> {
  return [...walk(model, '', new Set())].map((p) => [p.name, p.tensor]);
}

/** Number of weight values (PyTorch's sum(p.numel() for p in model.parameters())). */
export function parameterCount(model: unknown): number {
  return [...walk(model, '', new Set())].reduce((n, p) => n + p.tensor.size, 0);
}

/**
 * The weights in checkpoint names AND layouts (Linear weights back to [out, in]), ready to save.
 * Every tensor in the map is new and owned by the caller (tf.dispose([...map.values()])).
 */
export function stateDict(model: unknown): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const p of walk(model, '', new Set())) {
    out.set(p.name, p.transposed ? tf.transpose(p.tensor) : tf.clone(p.tensor));
  }
  return out;
}

/** Frees every weight of the model; the model is unusable afterwards. */
export function disposeModel(model: unknown): void {
  for (const p of walk(model, '', new Set())) p.tensor.dispose();
}
