// CrossEncoder: a sequence-classification model over text pairs, as sentence-transformers'
// CrossEncoder (cross_encoder/model.py). predict() scores pairs in length-sorted batches with
// dynamic padding and returns them in input order; rank() sorts documents by their score for one
// query. One named tf.tidy per batch; async reads happen after it.
import * as tf from '@tensorflow/tfjs-core';
import { loadSequenceClassifier } from '../architectures/load_sequence_classifier.js';
import type { SequenceClassifier } from '../architectures/sequence_classifier.js';
import { ArgumentError } from '../errors.js';
import type { FileSource } from '../io/file_source.js';
import { disposeStored } from '../io/host_weight.js';
import { loadModuleWeights } from '../modules/weights.js';
import { disposeModel } from '../nn/parameters.js';
import { resolveConvertedUrl } from '../pipeline/sentence_transformer.js';
import type { HubOptions } from '../hub/hub_files.js';
import { encodePairsForModel, loadTokenizer, returnsTokenTypeIds, type ModelInputBatch, type TextPair, type Tokenizer } from '../tokenizers/index.js';
import { ACTIVATIONS, isActivationName, type ActivationFn, type ActivationName } from './activation.js';
import { readCrossEncoderSettings, type CrossEncoderSettings } from './folder.js';

export interface PredictOptions {
  /** Pairs per forward pass (reference default 32). */
  batchSize?: number;
  /** Applied to the logits [B, num_labels]; default: the folder's (Sigmoid for one label, else Identity). */
  activationFn?: ActivationName | ActivationFn;
  /** Softmax over the labels after the activation (more than one label only, as the reference). */
  applySoftmax?: boolean;
  /** 'array' (default): number[] / number[][]; 'float32array': Float32Array / Float32Array[];
   *  'tensor': a Tensor1D [N] / Tensor2D [N, num_labels] the caller owns. */
  convertTo?: 'array' | 'float32array' | 'tensor';
  /** Called after each batch with the number of pairs done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface RankOptions {
  /** Keep the best K (default: all). */
  topK?: number;
  /** Add each document's text as `text`. */
  returnDocuments?: boolean;
  batchSize?: number;
  activationFn?: ActivationName | ActivationFn;
}

/** One rank() result, keyed as the reference's. */
export interface RankedDocument {
  corpus_id: number;
  score: number;
  text?: string;
}

export interface CrossEncoderLoadOptions extends HubOptions {
  resolve?: (nameOrPathOrUrl: string) => Promise<FileSource>;
}

/** Scores of a list of pairs: one per pair for one label, one row per pair otherwise. */
export type PairScores = number[] | number[][];

function isPair(x: unknown): x is TextPair {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'string';
}

/** Pair indices longest first by code points of both texts (the reference's _input_length); ties keep input order. */
function lengthSortedPairs(pairs: readonly TextPair[]): number[] {
  const len = pairs.map(([a, b]) => {
    let n = 0;
    for (const _ of a) n++;
    for (const _ of b) n++;
    return n;
  });
  return pairs.map((_, i) => i).sort((x, y) => len[y]! - len[x]! || x - y);
}

export class CrossEncoder {
  constructor(
    readonly model: SequenceClassifier,
    readonly tokenizer: Tokenizer,
    readonly settings: CrossEncoderSettings,
    /** Where the model came from (for messages). */
    readonly source: string,
  ) {}

  /**
   * A cross-encoder from a URL of a converted folder, or from whatever `resolve` accepts (the
   * Node entry passes one that handles names, folders, zips, hub ids and the cache; in a browser,
   * `(x) => resolveInMemory(x)` downloads and converts hub models in the page), as
   * SentenceTransformer.load.
   */
  static async load(nameOrPathOrUrl: string, options: CrossEncoderLoadOptions = {}): Promise<CrossEncoder> {
    const source = options.resolve !== undefined ? await options.resolve(nameOrPathOrUrl) : resolveConvertedUrl(nameOrPathOrUrl, options);
    return CrossEncoder.fromSource(source);
  }

  /** A cross-encoder from the files of a folder as the reference's CrossEncoder.save writes it (any layout, folder.ts). */
  static async fromSource(source: FileSource): Promise<CrossEncoder> {
    const settings = await readCrossEncoderSettings(source);
    const tokenizer = await loadTokenizer(source, settings.dir);
    const { weights, file } = await loadModuleWeights(source, settings.dir);
    let loaded: ReturnType<typeof loadSequenceClassifier>;
    try {
      loaded = loadSequenceClassifier(settings.configJson, weights, { config: settings.configFile, weights: file });
    } catch (e) {
      disposeStored(weights.values());
      throw e;
    }
    disposeStored(loaded.unusedKeys.map((k) => weights.get(k)!));
    return new CrossEncoder(loaded.model, tokenizer, settings, source.root);
  }

  get numLabels(): number {
    return this.model.labels.num_labels;
  }

  /** Label names by id (config.json's id2label). */
  get id2label(): readonly string[] {
    return this.model.labels.id2label;
  }

  get maxSeqLength(): number {
    return this.settings.maxSeqLength;
  }

  /** The activation predict() applies by default (config_sentence_transformers.json's activation_fn, ...). */
  get activationFn(): ActivationName {
    return this.settings.activation;
  }

  /** Token ids of the pairs, truncated longest_first to maxSeqLength (specials included) and padded. */
  tokenize(pairs: readonly TextPair[]): ModelInputBatch {
    return encodePairsForModel(this.tokenizer, pairs, { maxSeqLength: this.maxSeqLength, doLowerCase: this.settings.doLowerCase });
  }

  /** Logits [B, num_labels] of one batch; the caller owns the tensor. */
  logits(pairs: readonly TextPair[]): tf.Tensor2D {
    return tf.tidy('CrossEncoder.logits', () => this.forwardBatch(pairs));
  }

  /** Tokenizes and runs the model. Synchronous; call inside a tidy. */
  private forwardBatch(pairs: readonly TextPair[]): tf.Tensor2D {
    const batch = this.tokenize(pairs);
    return this.model.forward({
      input_ids: tf.tensor2d(batch.input_ids, undefined, 'int32'),                  // [B, T]
      attention_mask: tf.tensor2d(batch.attention_mask, undefined, 'int32'),        // [B, T]
      ...(returnsTokenTypeIds(this.tokenizer.config) ? { token_type_ids: tf.tensor2d(batch.token_type_ids, undefined, 'int32') } : {}),
    });                                                                              // [B, num_labels]
  }

  predict(pair: TextPair, options?: PredictOptions & { convertTo?: 'array' }): Promise<number | number[]>;
  predict(pairs: readonly TextPair[], options?: PredictOptions & { convertTo?: 'array' }): Promise<PairScores>;
  predict(pairs: readonly TextPair[], options: PredictOptions & { convertTo: 'float32array' }): Promise<Float32Array | Float32Array[]>;
  predict(pairs: readonly TextPair[], options: PredictOptions & { convertTo: 'tensor' }): Promise<tf.Tensor1D | tf.Tensor2D>;
  predict(pairs: TextPair | readonly TextPair[], options?: PredictOptions): Promise<unknown>;
  /**
   * Scores each (first, second) pair like the reference's predict(): the activation on the logits,
   * one number per pair for one label, a row of num_labels otherwise; a single pair gives a
   * single result. Ownership: a 'tensor' result is the caller's; nothing else stays alive.
   */
  async predict(input: TextPair | readonly TextPair[], options: PredictOptions = {}): Promise<unknown> {
    const single = isPair(input);
    const pairs: readonly TextPair[] = single ? [input] : (input as readonly TextPair[]);
    if (!Array.isArray(pairs)) throw new ArgumentError('pairs', 'must be a [first, second] pair of strings or an array of them');
    pairs.forEach((p, i) => {
      if (!isPair(p)) throw new ArgumentError('pairs', `item ${i} must be a [first, second] pair of strings, got ${JSON.stringify(p)?.slice(0, 80)}`);
    });
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
    const convertTo = options.convertTo ?? 'array';
    if (!['array', 'float32array', 'tensor'].includes(convertTo)) throw new ArgumentError('convertTo', `must be array, float32array or tensor, got "${String(convertTo)}"`);
    const activation = this.resolveActivation(options.activationFn);
    const labels = this.numLabels;
    const softmax = options.applySoftmax === true && labels > 1;

    const order = lengthSortedPairs(pairs);
    const flat = new Float32Array(pairs.length * labels);
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const scores = tf.tidy('CrossEncoder.predict', () => {
        const s = activation(this.forwardBatch(idx.map((i) => pairs[i]!)));       // [B, num_labels]
        return softmax ? tf.softmax(s) : s;                                        // [B, num_labels]
      });
      const data = (await scores.data()) as Float32Array;
      scores.dispose();
      idx.forEach((p, r) => flat.set(data.subarray(r * labels, (r + 1) * labels), p * labels));
      options.onProgress?.(Math.min(start + batchSize, order.length), order.length);
    }

    const rows = (): Float32Array[] => pairs.map((_, i) => flat.slice(i * labels, (i + 1) * labels));
    if (convertTo === 'tensor') {
      if (labels === 1) return single ? tf.scalar(flat[0]!) : tf.tensor1d(flat);
      return single ? tf.tensor1d(flat) : tf.tensor2d(flat, [pairs.length, labels]);
    }
    if (convertTo === 'float32array') {
      if (labels === 1) return single ? flat[0] : flat;
      return single ? flat : rows();
    }
    if (labels === 1) return single ? flat[0] : Array.from(flat);
    const arrays = rows().map((r) => Array.from(r));
    return single ? arrays[0] : arrays;
  }

  /**
   * The documents sorted by their score for `query`, best first, as the reference's rank():
   * [{corpus_id, score, text?}], equal scores in corpus order, the first topK. One label only.
   */
  async rank(query: string, documents: readonly string[], options: RankOptions = {}): Promise<RankedDocument[]> {
    if (this.numLabels !== 1) {
      throw new ArgumentError('rank', `needs a model with one label, this one has ${this.numLabels}; use predict() on the pairs instead`);
    }
    if (typeof query !== 'string') throw new ArgumentError('query', 'must be a string');
    const topK = options.topK;
    if (topK !== undefined && (!Number.isInteger(topK) || topK < 0)) throw new ArgumentError('topK', `must be a non-negative integer, got ${topK}`);
    const predictOptions: PredictOptions = {
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.activationFn === undefined ? {} : { activationFn: options.activationFn }),
    };
    const scores = (await this.predict(documents.map((d): TextPair => [query, d]), predictOptions)) as number[];
    const results: RankedDocument[] = scores.map((score, i) => (options.returnDocuments === true ? { corpus_id: i, score, text: documents[i]! } : { corpus_id: i, score }));
    // Stable sort (Python's sorted): equal scores keep corpus order.
    results.sort((a, b) => b.score - a.score);
    return topK === undefined ? results : results.slice(0, topK);
  }

  private resolveActivation(fn: ActivationName | ActivationFn | undefined): ActivationFn {
    if (fn === undefined) return ACTIVATIONS[this.settings.activation];
    if (typeof fn === 'function') return fn;
    if (typeof fn === 'string' && isActivationName(fn)) return ACTIVATIONS[fn];
    throw new ArgumentError('activationFn', `must be a function or one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${JSON.stringify(fn)}`);
  }

  /** Frees every weight of the model. */
  dispose(): void {
    disposeModel(this.model);
  }
}
