// Walking the module tree: because properties are named like the checkpoint's key
// segments, the walk gives back the checkpoint names, as PyTorch's named_parameters() does.
import * as tf from '@tensorflow/tfjs-core';
import { WeightError } from '../errors.js';
import { Linear } from './linear.js';

/** Properties that hold settings, not submodules. */
const SKIPPED = new Set(['config']);

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

export interface ParameterEntry {
  name: string;
  tensor: tf.Tensor;
  /** A Linear kernel: held [in, out], stored [out, in] in checkpoints. */
  transposed: boolean;
  /** The object holding the tensor (a LayerNorm, an Embedding, a Linear …) and its property. */
  owner: object;
  key: string;
}

function* walk(node: unknown, prefix: string, seen: Set<object>): Generator<ParameterEntry> {
  if (typeof node !== 'object' || node === null || node instanceof tf.Tensor || seen.has(node)) return;
  seen.add(node);
  if (node instanceof Linear) {
    yield { name: join(prefix, 'weight'), tensor: node.kernel, transposed: true, owner: node, key: 'kernel' };
    if (node.bias !== null) yield { name: join(prefix, 'bias'), tensor: node.bias, transposed: false, owner: node, key: 'bias' };
    return;
  }
  // Arrays give "layer.0", "layer.1", …; plain objects their own enumerable properties.
  for (const [key, child] of Object.entries(node)) {
    if (SKIPPED.has(key)) continue;
    if (child instanceof tf.Tensor) yield { name: join(prefix, key), tensor: child, transposed: false, owner: node, key };
    else yield* walk(child, join(prefix, key), seen);
  }
}

/**
 * Every weight with where it is held, in namedParameters() order: assigning
 * `(entry.owner as Record<string, unknown>)[entry.key]` replaces it in the model (training swaps
 * weights for tf.Variables this way, src/training/trainable.ts).
 */
export function parameterEntries(model: unknown): ParameterEntry[] {
  return [...walk(model, '', new Set())];
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

/**
 * Overwrites one weight by its checkpoint name, with `value` in checkpoint layout (Linear weights
 * [out, in]). The model keeps its own copy and frees the old tensor; `value` stays the caller's.
 * Throws WeightError naming the key when it is not a parameter or the shape differs.
 */
export function setParameter(model: unknown, name: string, value: tf.Tensor): void {
  const parts = name.split('.');
  const last = parts.pop() as string;
  let owner: unknown = model;
  for (const p of parts) {
    owner = typeof owner === 'object' && owner !== null ? (owner as Record<string, unknown>)[p] : undefined;
  }
  const record = owner as Record<string, unknown> | null | undefined;
  const isLinearWeight = owner instanceof Linear && last === 'weight';
  const current = isLinearWeight ? (owner as Linear).kernel : record?.[last];
  if (!(current instanceof tf.Tensor) || parts.includes('config')) {
    throw new WeightError('model', name, 'is not a parameter of this model');
  }
  const expected = isLinearWeight ? [...current.shape].reverse() : current.shape;
  if (value.shape.join() !== expected.join()) {
    throw new WeightError('model', name, `has shape [${expected.join(', ')}], given [${value.shape.join(', ')}]`);
  }
  const next = isLinearWeight ? tf.transpose(value) : tf.clone(value);
  if (isLinearWeight) (owner as Linear).kernel = next as tf.Tensor2D;
  else (record as Record<string, unknown>)[last] = next;
  current.dispose();
}
