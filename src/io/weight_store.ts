// Weights bind by name (STYLE.md P3): modules ask a WeightScope for their own tensors, so the key
// map lives in the module tree. The store normalises checkpoint keys once (FORMATS.md §2.4),
// checks every shape and dtype, and lists what nobody asked for.
import * as tf from '@tensorflow/tfjs-core';
import { WeightError } from '../errors.js';

/**
 * Prefixes stripped from checkpoint keys, in order: DataParallel's "module.", a whole
 * SentenceTransformer state dict ("0.auto_model." and the v0.2 attribute names), then the HF
 * base-model prefix of head models (BertFor*, RobertaFor*, XLMRobertaFor*, DistilBertFor*).
 */
const PREFIXES: readonly (readonly string[])[] = [
  ['module.'],
  ['0.auto_model.', '0.bert.', '0.roberta.', '0.xlm_roberta.', '0.distilbert.'],
  ['bert.', 'roberta.', 'distilbert.', 'xlm_roberta.'],
];

/** Buffers some checkpoints carry (position_ids, token_type_ids): recomputed, so never reported. */
function isIgnoredBuffer(key: string): boolean {
  return key.endsWith('position_ids') || key.endsWith('embeddings.token_type_ids');
}

/** The key a module asks for. Also renames pytorch-pretrained-BERT's LayerNorm gamma/beta. */
export function normaliseKey(key: string): string {
  let k = key;
  for (const group of PREFIXES) {
    const p = group.find((prefix) => k.startsWith(prefix));
    if (p !== undefined) k = k.slice(p.length);
  }
  return k.replace(/((?:^|\.)(?:LayerNorm|\w*layer_norm))\.gamma$/, '$1.weight')
    .replace(/((?:^|\.)(?:LayerNorm|\w*layer_norm))\.beta$/, '$1.bias');
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export class WeightStore {
  /** normalised key -> original key in the file */
  private readonly byKey = new Map<string, string>();
  private readonly taken = new Set<string>();
  /** Tensors made while loading (e.g. transposed Linear kernels); freed if loading fails. */
  readonly created: tf.Tensor[] = [];

  /** `file` names the weights in every error. The map is not copied; tensors are not disposed here. */
  constructor(readonly weights: ReadonlyMap<string, tf.Tensor>, readonly file: string) {
    for (const original of weights.keys()) {
      const key = normaliseKey(original);
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

  /** The tensor stored under `key` (normalised), checked to be float32 of `shape`. */
  take(key: string, shape: readonly number[]): tf.Tensor {
    const original = this.byKey.get(key);
    if (original === undefined) throw new WeightError(this.file, key, 'is missing');
    const t = this.weights.get(original);
    if (t === undefined) throw new WeightError(this.file, key, 'is missing');
    const as = original === key ? '' : `(stored as "${original}") `;
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new WeightError(this.file, key, `${as}has shape ${shapeText(t.shape)}, expected ${shapeText(shape)}`);
    }
    if (t.dtype !== 'float32') throw new WeightError(this.file, key, `${as}has dtype ${t.dtype}, expected float32`);
    if (t.isDisposed) throw new WeightError(this.file, key, `${as}was already disposed`);
    this.taken.add(original);
    return t;
  }

  /** Original names of the weights nobody took (buffers excluded). For an ST model: the pooler. */
  unused(): string[] {
    return [...this.weights.keys()].filter((k) => !this.taken.has(k) && !isIgnoredBuffer(k));
  }

  /** Original tensors that were taken, for freeing those the model did not keep. */
  takenTensors(): tf.Tensor[] {
    return [...this.taken].map((k) => this.weights.get(k)).filter((t): t is tf.Tensor => t !== undefined);
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

  /** A tensor derived from a stored one (made outside any tidy); recorded so a failed load can free it. */
  derive(name: string, shape: readonly number[], make: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
    const made = make(this.get(name, shape));
    this.store.created.push(made);
    return made;
  }
}
