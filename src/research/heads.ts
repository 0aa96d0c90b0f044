// Attention heads: pruning with the semantics of transformers' prune_heads (4.x; version 5 keeps only
// pytorch_utils.prune_linear_layer), and head masking without pruning (its head_mask).
//
// Pruning head h of a layer removes rows h·hs … (h+1)·hs − 1 of the query, key and value weights
// and biases and the same columns of the attention output projection (its bias stays), and the
// layer's head count drops: the model is smaller and faster, and its output is what it was with
// those heads' contexts zeroed. Heads are numbered as in the original model, also after an earlier
// pruning (already pruned heads are ignored), as prune_heads numbers them.
import * as tf from '@tensorflow/tfjs-core';
import { architectureOf } from '../architectures/registry.js';
import type { AttentionLayout } from '../architectures/spec.js';
import type { EncoderModel } from '../architectures/types.js';
import { ArgumentError } from '../errors.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';

function get(root: object, path: string): Record<string, unknown> {
  return path.split('.').reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, root as Record<string, unknown>);
}

/** The attention of layer `index` where the encoder's architecture spec says it is. */
function layoutOf(encoder: EncoderModel, layer: object, index: number): AttentionLayout {
  const layout = architectureOf(encoder.config).spec.attentionLayout;
  const module = layout.attention.split('.').reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), layer);
  if (typeof module !== 'object' || module === null || typeof (module as Record<string, unknown>)[layout.heads] !== 'number') {
    throw new ArgumentError('layer', `${index} is a ${layer.constructor.name} without the attention at "${layout.attention}" that ${encoder.config.model_type} layers have`);
  }
  return layout;
}

/** The attention module of one layer, with its current head count and the original heads it keeps. */
interface LayerAttention {
  module: Record<string, unknown>;
  layout: AttentionLayout;
  count: number;
  /** Original head numbers still present, in order (MPNet's `heads` field; our own record otherwise). */
  kept: number[];
}

const keptHeads = new WeakMap<object, number[]>();

function attentionOf(encoder: EncoderModel, layer: object, index: number): LayerAttention {
  const layout = layoutOf(encoder, layer, index);
  const module = get(layer, layout.attention);
  const count = module[layout.heads] as number;
  const kept = (module['heads'] as number[] | null | undefined) ?? keptHeads.get(module) ?? Array.from({ length: count }, (_, h) => h);
  return { module, layout, count, kept };
}

/** Heads per layer now (after any pruning). */
export function headCounts(encoder: EncoderModel): number[] {
  return encoder.layers.map((l, i) => attentionOf(encoder, l, i).count);
}

/** The original head numbers each layer still has. */
export function remainingHeads(encoder: EncoderModel): number[][] {
  return encoder.layers.map((l, i) => [...attentionOf(encoder, l, i).kept]);
}

/** Rows (dim 0) or columns (dim 1) `index` of a checkpoint-layout [out, in] Linear, as a new Linear. */
function pruneLinear(linear: Linear, index: tf.Tensor1D, dim: 0 | 1): Linear {
  // kernel is [in, out]: checkpoint rows (outputs) are its columns.
  const kernel = tf.gather(linear.kernel, index, dim === 0 ? 1 : 0) as tf.Tensor2D;
  const bias = linear.bias === null ? null : dim === 0 ? (tf.gather(linear.bias, index) as tf.Tensor1D) : tf.clone(linear.bias);
  return new Linear(kernel, bias);
}

/**
 * Removes `heads` ({layer: [original head numbers]}) from the encoder, as prune_heads does. The
 * old weights of the pruned Linears are freed (dispose: false keeps them, e.g. when another
 * reference to the layer's modules exists). A layer cannot lose all its heads. Any head mask of a
 * pruned layer is cleared (it no longer fits).
 */
export function pruneHeads(encoder: EncoderModel, heads: Readonly<Record<number, readonly number[]>>, options: { dispose?: boolean } = {}): void {
  for (const [key, list] of Object.entries(heads)) {
    const i = Number(key);
    const layer = encoder.layers[i];
    if (!Number.isInteger(i) || layer === undefined) throw new ArgumentError('heads', `names layer ${key}; the encoder has layers 0..${encoder.layers.length - 1}`);
    const a = attentionOf(encoder, layer, i);
    const drop = new Set(list.filter((h) => a.kept.includes(h)));
    for (const h of list) {
      if (!Number.isInteger(h) || h < 0) throw new ArgumentError('heads', `layer ${i}: ${h} is not a head number`);
    }
    if (drop.size === 0) continue;
    if (drop.size === a.kept.length) throw new ArgumentError('heads', `would remove every head of layer ${i}`);
    const q = a.module[a.layout.qkv[0]] as Linear;
    const size = q.outFeatures / a.count;
    const keepPositions = a.kept.map((h, p) => [h, p] as const).filter(([h]) => !drop.has(h)).map(([, p]) => p);
    const index = tf.tensor1d(keepPositions.flatMap((p) => Array.from({ length: size }, (_, j) => p * size + j)), 'int32');
    const old: Linear[] = [];
    for (const name of a.layout.qkv) {
      const lin = a.module[name] as Linear;
      a.module[name] = pruneLinear(lin, index, 0);
      old.push(lin);
    }
    const cut = a.layout.output.lastIndexOf('.');
    const owner = get(layer, a.layout.output.slice(0, cut));
    const outName = a.layout.output.slice(cut + 1);
    const out = owner[outName] as Linear;
    owner[outName] = pruneLinear(out, index, 1);
    old.push(out);
    index.dispose();
    if (options.dispose !== false) for (const l of old) tf.dispose(l.bias === null ? [l.kernel] : [l.kernel, l.bias]);
    const kept = a.kept.filter((h) => !drop.has(h));
    a.module[a.layout.heads] = kept.length;
    // MPNet's attention selects its rows of the shared position bias by these numbers.
    if ('heads' in a.module) a.module['heads'] = kept;
    else keptHeads.set(a.module, kept);
    clearMask(a.module);
  }
}

/**
 * transformers' head_mask: per layer, a factor per head multiplied into that head's attention
 * probabilities (after dropout), so 0 silences a head without pruning it. It takes the place of the
 * probabilities' Dropout (which it still applies) and holds plain numbers, no tensor, so the
 * parameter walks and state dicts do not change.
 */
export class HeadMask {
  constructor(public dropout: Dropout, public mask: number[]) {}

  forward<T extends tf.Tensor>(probs: T): T {
    const dropped = this.dropout.forward(probs);                               // [B, nh, T, T]
    return tf.mul(dropped, tf.tensor4d(this.mask, [1, this.mask.length, 1, 1])) as T;
  }
}

function clearMask(module: Record<string, unknown>): void {
  const d = module['dropout'];
  if (d instanceof HeadMask) module['dropout'] = d.dropout;
}

/**
 * Sets (or with null clears) the head mask: mask[i] has one factor per current head of layer i;
 * a layer given as null (or missing from a shorter array) is left unmasked. The returned
 * attentions are the masked probabilities, as the reference's were.
 */
export function setHeadMask(encoder: EncoderModel, mask: ReadonlyArray<readonly number[] | null> | null): void {
  if (mask !== null && mask.length > encoder.layers.length) throw new ArgumentError('mask', `has ${mask.length} layers; the encoder has ${encoder.layers.length}`);
  encoder.layers.forEach((layer, i) => {
    const a = attentionOf(encoder, layer, i);
    clearMask(a.module);
    const m = mask?.[i];
    if (m === null || m === undefined) return;
    if (m.length !== a.count) throw new ArgumentError('mask', `layer ${i} has ${m.length} factors; the layer has ${a.count} heads`);
    a.module['dropout'] = new HeadMask(a.module['dropout'] as Dropout, [...m]);
  });
}
