// SentenceTransformer: the ordered modules of a model folder and the reference's encode():
// length-sorted batches (pipeline/batches.ts), dynamic padding, results in input order. One named tf.tidy per batch
// of a public entry point; async reads happen after it, so no tensor outlives its batch.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError, ConfigError, SourceError } from '../errors.js';
import { cachedHttpSource } from '../hub/cached_http_source.js';
import type { HubOptions } from '../hub/hub_files.js';
import type { FileSource } from '../io/file_source.js';
import { l2Normalize } from '../functional/normalize.js';
import { PAIRWISE_SIMILARITY_FUNCTIONS, SIMILARITY_FUNCTIONS, type SimilarityFnName } from '../functional/similarity.js';
import type { StModelConfig } from '../modules/config.js';
import type { Features, StModule } from '../modules/features.js';
import { Pooling } from '../modules/pooling.js';
import { Transformer, type TokenizedBatch } from '../modules/transformer.js';
import { toTensor2D, type EmbeddingMatrix } from '../util/embeddings.js';
import { quantizeEmbeddings, type QuantizedRow } from '../util/quantization.js';
import { planBatches } from './batches.js';
import { resolveEncodeOptions, type EncodeOptions, type EncodeResult } from './encode_options.js';
import { setDropoutTraining, trainableParameters, type TrainableParameter } from '../training/trainable.js';
import { disposePipeline, loadPipeline } from './load.js';
import { captureModules, hookModule, type Capture, type Hook, type HookHandle } from '../research/hooks.js';
import { truncateLayers } from '../research/truncate.js';

/** Turns what SentenceTransformer.load() is given (a name, hub id, path or URL) into the files of a model folder. */
export type ModelResolver = (nameOrPathOrUrl: string) => Promise<FileSource>;

/**
 * Options of SentenceTransformer.load(). The hub and cache fields are read by the resolver the
 * Node entry passes (src/index.node.ts); they are listed here so the package's one type
 * declaration (index.d.ts) covers both entries. This file only imports their types: resolution
 * itself is injected, so the core class never pulls the downloader or the converter into a bundle.
 */
export interface LoadOptions extends HubOptions {
  /** Default truncateDim for encode(). */
  truncateDim?: number;
  /** Keep only the encoder's first k layers (truncateLayers(k) right after loading). */
  truncateLayers?: number;
  /** Node entry only: the on-disk cache (default $SBERT_TFJS_CACHE or ~/.cache/sbert-tfjs). */
  cacheDir?: string;
  /** Node entry only: folders searched for a registry name before downloading. */
  localModelDirs?: string[];
  /**
   * Turns a name, path or URL into a FileSource. The Node entry passes one that handles registry
   * names, hub ids, folders, zips and the cache. Without one, only http(s) URLs of converted
   * folders are accepted (read through the Cache API where there is one); in a browser, pass
   * `(x) => resolveInMemory(x, options)` to download hub models and convert them in the page.
   */
  resolve?: ModelResolver;
}

/** The resolution without a resolver: an http(s) URL of a converted model folder. */
export function resolveConvertedUrl(nameOrPathOrUrl: string, options: Pick<LoadOptions, 'fetch'>): FileSource {
  if (!/^https?:\/\//.test(nameOrPathOrUrl)) {
    throw new SourceError(nameOrPathOrUrl, 'is not an http(s) URL of a converted model folder; names, hub ids, folders and zips need a resolver: ' +
      'the Node entry has one, and in a browser pass { resolve: (x) => resolveInMemory(x) } to download and convert hub models in the page');
  }
  return options.fetch === undefined ? cachedHttpSource(nameOrPathOrUrl) : cachedHttpSource(nameOrPathOrUrl, { fetch: options.fetch });
}

type Rows<C, P> = C extends 'array' ? number[][] : C extends 'tensor' ? tf.Tensor2D : P extends 'int8' | 'binary' ? Int8Array[] : P extends 'uint8' | 'ubinary' ? Uint8Array[] : Float32Array[];

export class SentenceTransformer {
  /** Set by the loader: which FileSource the model came from (for messages). */
  constructor(
    readonly modules: StModule[],
    readonly config: StModelConfig,
    readonly source: string,
    readonly truncateDim?: number,
  ) {
    if (!(modules[0] instanceof Transformer)) throw new ArgumentError('modules', 'must start with a Transformer module');
  }

  /** A model from a URL of a converted folder, or from whatever options.resolve accepts (the Node entry: names, folders, zips, hub ids). */
  static async load(nameOrPathOrUrl: string, options: LoadOptions = {}): Promise<SentenceTransformer> {
    const source = options.resolve !== undefined ? await options.resolve(nameOrPathOrUrl) : resolveConvertedUrl(nameOrPathOrUrl, options);
    return SentenceTransformer.fromSource(source, options);
  }

  /** A model from the files of a sentence-transformers folder (converted or not). */
  static async fromSource(source: FileSource, options: { truncateDim?: number; truncateLayers?: number } = {}): Promise<SentenceTransformer> {
    const { modules, config } = await loadPipeline(source);
    const model = new SentenceTransformer(modules, config, source.root, options.truncateDim);
    if (options.truncateLayers !== undefined) {
      try {
        model.truncateLayers(options.truncateLayers);
      } catch (e) {
        model.dispose();
        throw e;
      }
    }
    return model;
  }

  get transformer(): Transformer {
    return this.modules[0] as Transformer;
  }

  get maxSeqLength(): number {
    return this.transformer.maxSeqLength;
  }

  /** The similarity config_sentence_transformers.json names (cosine when absent). */
  get similarityFnName(): SimilarityFnName {
    return this.config.similarity_fn_name ?? 'cosine';
  }

  get prompts(): Readonly<Record<string, string>> {
    return this.config.prompts;
  }

  /** Width of the sentence embeddings encode() returns: each module's outputDimension in turn
   *  (a module without one keeps the width), then truncateDim, as the reference's
   *  get_sentence_embedding_dimension (min of the two). */
  get embeddingDimension(): number {
    let dim = 0;
    for (const m of this.modules) dim = m.outputDimension?.(dim) ?? dim;
    return this.truncateDim === undefined ? dim : Math.min(dim, this.truncateDim);
  }

  /** The reference's _resolve_prompt: explicit prompt, else the named one, else the default. */
  resolvePrompt(prompt?: string, promptName?: string): string | undefined {
    if (prompt !== undefined) return prompt;
    if (promptName !== undefined) {
      const p = this.config.prompts[promptName];
      if (p === undefined) throw new ArgumentError('promptName', `"${promptName}" is not one of the model's prompts (${Object.keys(this.config.prompts).join(', ') || 'none'})`);
      return p;
    }
    const d = this.config.default_prompt_name;
    return d === null ? undefined : this.config.prompts[d];
  }

  /** Features of one batch after every module: the tensors belong to the caller (dispose them).
   *  For inspection; encode() does the same inside its own tidy. */
  forwardBatch(texts: readonly string[], promptLength?: number): Features {
    return tf.tidy('SentenceTransformer.forwardBatch', () => this.runModules(texts, promptLength) as unknown as tf.TensorContainer) as unknown as Features;
  }

  /** Tokenizes (dynamic padding) and runs the modules. Synchronous; call inside a tidy. */
  private runModules(texts: readonly string[], promptLength?: number): Features {
    return this.runTokenized(this.transformer.tokenize(texts), promptLength);
  }

  /** Runs the modules on an already tokenized, padded batch. Synchronous; call inside a tidy. */
  private runTokenized(batch: TokenizedBatch, promptLength?: number): Features {
    let f: Features = {
      input_ids: tf.tensor2d(batch.input_ids, undefined, 'int32'), // [B, T]
      attention_mask: tf.tensor2d(batch.attention_mask, undefined, 'int32'), // [B, T]
      token_type_ids: tf.tensor2d(batch.token_type_ids, undefined, 'int32'), // [B, T]
      ...(promptLength === undefined ? {} : { prompt_length: promptLength }),
    };
    for (const m of this.modules) f = m.forward(f);
    return f;
  }

  encode<C extends 'float32array' | 'array' | 'tensor' = 'float32array', P extends 'float32' | 'int8' | 'uint8' | 'binary' | 'ubinary' = 'float32'>(
    texts: readonly string[], options?: EncodeOptions & { convertTo?: C; precision?: P; outputValue?: 'sentence_embedding' }): Promise<Rows<C, P>>;
  encode<C extends 'float32array' | 'array' | 'tensor' = 'float32array', P extends 'float32' | 'int8' | 'uint8' | 'binary' | 'ubinary' = 'float32'>(
    text: string, options?: EncodeOptions & { convertTo?: C; precision?: P; outputValue?: 'sentence_embedding' }): Promise<C extends 'tensor' ? tf.Tensor1D : C extends 'array' ? number[] : P extends 'int8' | 'binary' ? Int8Array : P extends 'uint8' | 'ubinary' ? Uint8Array : Float32Array>;
  encode(texts: readonly string[], options: EncodeOptions & { outputValue: 'token_embeddings' }): Promise<EncodeResult>;
  encode(texts: string | readonly string[], options?: EncodeOptions): Promise<unknown>;
  /**
   * Embeds `texts` like the reference's encode(). A single string returns a single vector.
   * Ownership: tensors returned with convertTo 'tensor' belong to the caller; nothing else stays alive.
   * Like the reference's, it leaves the model in eval mode (dropout off).
   */
  async encode(texts: string | readonly string[], options: EncodeOptions = {}): Promise<unknown> {
    this.eval();
    const single = typeof texts === 'string';
    const list: readonly string[] = single ? [texts] : texts;
    if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) throw new ArgumentError('texts', 'must be a string or an array of strings');
    const o = resolveEncodeOptions(options, this.truncateDim);
    const prompt = this.resolvePrompt(options.prompt, options.promptName);
    const needsPromptLength = prompt !== undefined && this.modules.some((m) => m instanceof Pooling && !m.config.include_prompt);
    const promptLength = needsPromptLength ? this.transformer.promptLength(prompt) : undefined;

    // Every text is tokenized once: the token counts order the batches (sortBy 'tokens') and
    // bound them (tokenBudget), and each batch pads its own rows (dynamic padding).
    const tokens = this.transformer.tokenizeEach(prompt === undefined ? list : list.map((t) => prompt + t));
    const batches = planBatches(list, tokens.input_ids.map((r) => r.length), o);
    const out: (Float32Array | Float32Array[])[] = new Array<Float32Array>(list.length);
    let done = 0;
    for (const idx of batches) {
      const batch = this.transformer.pad({
        input_ids: idx.map((i) => tokens.input_ids[i]!),
        attention_mask: idx.map((i) => tokens.attention_mask[i]!),
        token_type_ids: idx.map((i) => tokens.token_type_ids[i]!),
      });
      // Tokens per text, for trimming token_embeddings (the reference cuts after the last mask 1).
      const lengths = batch.attention_mask.map((row) => row.reduce((a, b) => a + b, 0));
      const result = tf.tidy('SentenceTransformer.encode', () => {
        const f = this.runTokenized(batch, promptLength);
        if (o.outputValue === 'token_embeddings') return f.token_embeddings!; // [B, T, H]
        // A pipeline without a Pooling module has no sentence embedding (the reference raises too).
        if (f.sentence_embedding === undefined) {
          throw new ConfigError(`${this.source}/modules.json`, '(modules)', `no module produces a sentence_embedding (modules: ${this.modules.map((m) => m.type.split('.').pop()).join(', ')}); add a Pooling module or encode with outputValue "token_embeddings"`);
        }
        let e = f.sentence_embedding; // [B, D]
        if (o.truncateDim !== undefined && o.truncateDim < e.shape[1]) e = tf.slice(e, [0, 0], [-1, o.truncateDim]);
        return o.normalize ? l2Normalize(e) : e;
      });
      const data = (await result.data()) as Float32Array;
      const [, width = 0, hidden = 0] = result.shape; // [B, D] or [B, T, H]
      result.dispose();
      idx.forEach((textIndex, r) => {
        if (o.outputValue === 'token_embeddings') {
          // Trimmed to the text's own tokens (the reference cuts after the last mask 1).
          const rows: Float32Array[] = [];
          for (let t = 0; t < Math.max(1, lengths[r]!); t++) rows.push(data.slice((r * width + t) * hidden, (r * width + t + 1) * hidden));
          out[textIndex] = rows;
        } else {
          out[textIndex] = data.slice(r * width, (r + 1) * width);
        }
      });
      done += idx.length;
      options.onProgress?.(done, list.length);
    }

    if (o.outputValue === 'token_embeddings') {
      const tok = out as Float32Array[][];
      const conv = o.convertTo === 'array' ? tok.map((rows) => rows.map((r) => Array.from(r)))
        : o.convertTo === 'tensor' ? tok.map((rows) => tf.tensor2d(concatRows(rows), [rows.length, rows[0]?.length ?? 0]))
        : tok;
      return single ? conv[0] : conv;
    }
    let rows: QuantizedRow[] = out as Float32Array[];
    if (o.precision !== 'float32' && rows.length > 0) rows = quantizeEmbeddings(rows, o.precision);
    if (o.convertTo === 'array') {
      const arr = rows.map((r) => Array.from(r));
      return single ? arr[0] : arr;
    }
    if (o.convertTo === 'tensor') {
      const d = rows[0]?.length ?? 0;
      const t = tf.tensor2d(concatRows(rows as Float32Array[]), [rows.length, d]);
      if (!single) return t;
      const one = tf.reshape(t, [d]) as tf.Tensor1D;
      t.dispose();
      return one;
    }
    return single ? rows[0] : rows;
  }

  /** res[i][j] = f(a[i], b[j]) with the model's similarity_fn_name (cosine by default). Inputs are not disposed. */
  similarity(a: EmbeddingMatrix | Float32Array, b: EmbeddingMatrix | Float32Array): number[][] {
    const fn = SIMILARITY_FUNCTIONS[this.similarityFnName];
    const t = tf.tidy('SentenceTransformer.similarity', () => fn(toTensor2D(a, 'a'), toTensor2D(b, 'b')));
    const res = t.arraySync();
    t.dispose();
    return res;
  }

  /** res[i] = f(a[i], b[i]) with the model's similarity_fn_name. */
  similarityPairwise(a: EmbeddingMatrix, b: EmbeddingMatrix): number[] {
    const fn = PAIRWISE_SIMILARITY_FUNCTIONS[this.similarityFnName];
    const t = tf.tidy('SentenceTransformer.similarityPairwise', () => fn(toTensor2D(a, 'a'), toTensor2D(b, 'b')));
    const res = t.arraySync();
    t.dispose();
    return res;
  }

  /**
   * Training mode, as torch's model.train(): the weights become tf.Variables (the first time; a
   * loaded model holds plain tensors) and dropout turns on. encode() switches back to eval mode.
   */
  train(): this {
    trainableParameters(this.modules);
    setDropoutTraining(this.modules, true);
    return this;
  }

  /** Inference mode, as torch's model.eval(): dropout off. The weights stay variables. */
  eval(): this {
    setDropoutTraining(this.modules, false);
    return this;
  }

  /** The weights as tf.Variables (swapped in on first call) with the reference's names. */
  trainableParameters(): TrainableParameter[] {
    return trainableParameters(this.modules);
  }

  /**
   * The module `name` resolves to (src/research/hooks.ts): a checkpoint name inside the encoder
   * ("encoder.layer.3.attention.self", "embeddings", or "layers.3" for any architecture), or
   * "<i>" / "<i>.<name>" for module i of the pipeline as the reference numbers them ("1": the
   * Pooling; "0.<name>" is the encoder's <name>, as trainableParameters() names weights).
   */
  private hookTarget(name: string): { root: object; path: string } {
    const m = /^(\d+)(?:\.(.*))?$/.exec(name);
    if (m === null) return { root: this.transformer.encoder, path: name };
    const i = Number(m[1]);
    if (i === 0) return { root: this.transformer.encoder, path: m[2] ?? '' };
    const module = this.modules[i];
    if (module === undefined) throw new ArgumentError('name', `"${name}": the model has modules 0..${this.modules.length - 1}`);
    return { root: module, path: m[2] ?? '' };
  }

  /**
   * Reads or replaces the inputs/output of a module during forward and encode (see hookTarget for
   * names and src/research/hooks.ts for the callbacks); handle.remove() uninstalls it.
   */
  hook(name: string, hook: Hook): HookHandle {
    const { root, path } = this.hookTarget(name);
    return hookModule(root, path, hook);
  }

  /** Records copies of the named modules' outputs on every call until removed (dispose() frees them). */
  capture(names: readonly string[]): Capture {
    const handles = names.map((n) => ({ n, ...this.hookTarget(n) }));
    const parts = handles.map((h) => ({ h, c: captureModules(h.root, [h.path]) }));
    const outputs = new Map(parts.map(({ h, c }) => [h.n, c.outputs.get(h.path)!]));
    return {
      name: names.join(', '), outputs,
      remove: () => parts.forEach(({ c }) => c.remove()),
      dispose: () => parts.forEach(({ c }) => c.dispose()),
    };
  }

  /**
   * Keeps the encoder's first k layers (src/research/truncate.ts): encode then runs k layers and the
   * Pooling/Dense/Normalize modules after them. The removed layers' weights are freed.
   */
  truncateLayers(k: number): this {
    truncateLayers(this.transformer.encoder, k);
    return this;
  }

  /** Frees every weight of the model. */
  dispose(): void {
    disposePipeline(this.modules);
  }
}

function concatRows(rows: readonly ArrayLike<number>[]): Float32Array {
  const d = rows[0]?.length ?? 0;
  const flat = new Float32Array(rows.length * d);
  rows.forEach((r, i) => flat.set(r, i * d));
  return flat;
}
