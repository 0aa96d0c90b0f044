// Weights bind by name: modules ask a WeightScope for their own tensors, so the key
// map lives in the module tree. The store normalises checkpoint keys once,
// checks every shape and dtype, and lists what nobody asked for. Host weights (host_weight.ts)
// are uploaded when taken, so what no module takes never reaches the backend.
import * as tf from '@tensorflow/tfjs-core';
import { WeightError } from '../errors.js';
import { isHostWeight, transposeRows, uploadWeight, type StoredWeight } from './host_weight.js';

/**
 * The prefixes stripped from checkpoint keys, in order: DataParallel's "module.", a whole
 * SentenceTransformer state dict ("0.auto_model." and v0.2's "0." + attribute name), then the
 * base-model prefix of head models (BertFor*: "bert."). `basePrefixes` are the architectures'
 * (architectures/registry.ts checkpointKeyPrefixes()).
 */
function prefixGroups(basePrefixes: readonly string[]): readonly (readonly string[])[] {
  return [['module.'], ['0.auto_model.', ...basePrefixes.map((p) => `0.${p}`)], basePrefixes];
}

/** Buffers some checkpoints carry (position_ids, token_type_ids): recomputed, so never reported. */
function isIgnoredBuffer(key: string): boolean {
  return key.endsWith('position_ids') || key.endsWith('embeddings.token_type_ids');
}

/** The key a module asks for. Also renames pytorch-pretrained-BERT's LayerNorm gamma/beta. */
export function normaliseKey(key: string, basePrefixes: readonly string[] = []): string {
  return normaliseKeyIn(key, prefixGroups(basePrefixes));
}

function normaliseKeyIn(key: string, groups: readonly (readonly string[])[]): string {
  let k = key;
  for (const group of groups) {
    const p = group.find((prefix) => k.startsWith(prefix));
    if (p !== undefined) k = k.slice(p.length);
  }
  return k.replace(/((?:^|\.)(?:LayerNorm|\w*layer_norm))\.gamma$/, '$1.weight')
    .replace(/((?:^|\.)(?:LayerNorm|\w*layer_norm))\.beta$/, '$1.bias');
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** `W`: what the map holds; inferred, so a store built from tensors hands its map back typed as tensors. */
export class WeightStore<W extends StoredWeight = StoredWeight> {
  /** normalised key -> original key in the file */
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();
  /** original key -> the tensor a host weight became when first taken */
  private readonly uploaded = new Map<string, tf.Tensor>();
  /** Tensors made while loading (uploads of host weights, transposed Linear kernels); freed if loading fails. */
  readonly created: tf.Tensor[] = [];

  /**
   * `file` names the weights in every error; `basePrefixes` are stripped from keys (see
   * normaliseKey). The map is not copied; its tensors are not disposed here (tensors made from
   * its host weights are in `created`).
   */
  constructor(readonly weights: ReadonlyMap<string, W>, readonly file: string, basePrefixes: readonly string[] = []) {
    const groups = prefixGroups(basePrefixes);
    for (const original of weights.keys()) {
      const key = normaliseKeyIn(original, groups);
      const earlier = this.byKey.get(key);
      if (earlier !== undefined) {
        throw new WeightError(file, original, `and "${earlier}" both name "${key}"; keep one of them`);
      }
      this.byKey.set(key, original);
    }
  }

  scope(): WeightScope {
    return new WeightScope(this, []);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The stored weight under `key` (normalised), checked to be float32 of `shape`, marked taken. */
  private find(key: string, shape: readonly number[]): { original: string; w: StoredWeight } {
    const original = this.byKey.get(key);
    if (original === undefined) throw new WeightError(this.file, key, 'is missing');
    const w = this.weights.get(original);
    if (w === undefined) throw new WeightError(this.file, key, 'is missing');
    const as = original === key ? '' : `(stored as "${original}") `;
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new WeightError(this.file, key, `${as}has shape ${shapeText(w.shape)}, expected ${shapeText(shape)}`);
    }
    if (w.dtype !== 'float32') throw new WeightError(this.file, key, `${as}has dtype ${w.dtype}, expected float32`);
    if (!isHostWeight(w) && w.isDisposed) throw new WeightError(this.file, key, `${as}was already disposed`);
    this.taken.add(original);
    return { original, w };
  }

  /** The tensor stored under `key` (normalised), checked to be float32 of `shape`. Taking it twice gives the same tensor. */
  take(key: string, shape: readonly number[]): tf.Tensor {
    const { original, w } = this.find(key, shape);
    if (!isHostWeight(w)) return w;
    let t = this.uploaded.get(original);
    if (t === undefined) {
      t = uploadWeight(w);
      this.uploaded.set(original, t);
      this.created.push(t);
    }
    return t;
  }

  /**
   * A new [cols, rows] tensor: the transpose of the 2-D weight stored under `key` as `shape`
   * [rows, cols] (Linear keeps [in, out] of the checkpoint's [out, in]). A host weight is
   * transposed on the host before upload, so the backend never holds the [out, in] copy.
   */
  takeTransposed(key: string, shape: readonly [number, number]): tf.Tensor2D {
    const { w } = this.find(key, shape);
    const [rows, cols] = shape;
    const t = isHostWeight(w)
      ? tf.tensor2d(transposeRows(w.read() as Float32Array, rows, cols), [cols, rows], 'float32')
      : tf.transpose(w as tf.Tensor2D);
    this.created.push(t);
    return t;
  }

  /** Original names of the weights nobody took (buffers excluded). For an ST model: the pooler. */
  unused(): string[] {
    return [...this.weights.keys()].filter((k) => !this.taken.has(k) && !isIgnoredBuffer(k));
  }

  /** Tensors of the weights that were taken as they are (uploads of host weights included), for freeing those the model did not keep. */
  takenTensors(): tf.Tensor[] {
    const out: tf.Tensor[] = [];
    for (const k of this.taken) {
      const w: StoredWeight | undefined = this.weights.get(k);
      const t = w === undefined ? undefined : isHostWeight(w) ? this.uploaded.get(k) : w;
      if (t !== undefined) out.push(t);
    }
    return out;
  }
}

/** A dotted path into the store, as candle's VarBuilder.pp: `w.sub('layer').sub(3).get('weight', …)`. */
export class WeightScope {
  constructor(readonly store: WeightStore, readonly path: readonly string[]) {}

  sub(name: string | number): WeightScope {
    return new WeightScope(this.store, [...this.path, String(name)]);
  }

  key(name: string): string {
    return [...this.path, name].join('.');
  }

  has(name: string): boolean {
    return this.store.has(this.key(name));
  }

  get(name: string, shape: readonly number[]): tf.Tensor {
    return this.store.take(this.key(name), shape);
  }

  /** A new tensor: the transpose of the [rows, cols] weight `name` (see WeightStore.takeTransposed). */
  getTransposed(name: string, shape: readonly [number, number]): tf.Tensor2D {
    return this.store.takeTransposed(this.key(name), shape);
  }

  /** A tensor derived from a stored one (made outside any tidy); recorded so a failed load can free it. */
  derive(name: string, shape: readonly number[], make: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
    const made = make(this.get(name, shape));
    this.store.created.push(made);
    return made;
  }
}

/**
 * Builds a module from the store's root scope with the ownership every loader shares: on failure
 * the tensors made while loading are freed (and nothing in the map); afterwards the taken tensors
 * the module does not hold (originals of transposed Linear weights) are freed. `unusedKeys` lists
 * what nobody took; those tensors stay the caller's.
 */
export function buildFromStore<M>(
  store: WeightStore, build: (w: WeightScope) => M, held: (model: M) => Iterable<tf.Tensor>,
): { model: M; unusedKeys: string[] } {
  let model: M;
  try {
    model = build(store.scope());
  } catch (e) {
    tf.dispose(store.created);
    throw e;
  }
  const keep = new Set([...held(model)].map((t) => t.id));
  for (const t of store.takenTensors()) if (!keep.has(t.id)) t.dispose();
  return { model, unusedKeys: store.unused() };
}
