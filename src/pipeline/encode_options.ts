// Options and result types of SentenceTransformer.encode (the reference's encode() arguments,
// camel-cased), and their validation.
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { PRECISIONS, type Precision, type QuantizedRow } from '../util/quantization.js';
import { checkSortBy, checkTokenBudget, type SortBy } from './batches.js';

export { lengthSortedIndices } from './batches.js';

export type OutputValue = 'sentence_embedding' | 'token_embeddings';
/** How results come back: typed-array rows (default), plain number arrays, or a tensor the caller owns. */
export type ConvertTo = 'float32array' | 'array' | 'tensor';

export interface EncodeOptions {
  /** Texts per forward pass (reference default 32). */
  batchSize?: number;
  /** Unit-length sentence embeddings (after truncateDim). */
  normalizeEmbeddings?: boolean;
  outputValue?: OutputValue;
  /** A raw prompt prepended to every text; wins over promptName. */
  prompt?: string;
  /** A key of `prompts` in config_sentence_transformers.json. */
  promptName?: string;
  /** Keep the first N dimensions (Matryoshka); default: the model's truncateDim option. */
  truncateDim?: number;
  /** float32, or quantized like the reference's quantize_embeddings (ranges from this call's embeddings). */
  precision?: Precision;
  convertTo?: ConvertTo;
  /** Called after each batch with the number of texts done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Batch order: 'characters' (default) sorts by character length as the reference does;
   *  'tokens' sorts by token count, for less padding (pipeline/batches.ts). */
  sortBy?: SortBy;
  /** At most this many padded tokens (rows × longest text) per forward pass, to bound peak
   *  memory; a batch still holds at least one text (pipeline/batches.ts formBatches). */
  tokenBudget?: number;
}

/** Rows of a float32 call. */
export type EncodeRows = Float32Array[];
/** Anything encode can return for a list of texts. */
export type EncodeResult = QuantizedRow[] | number[][] | tf.Tensor | Float32Array[][] | number[][][] | tf.Tensor2D[];

export interface ResolvedEncodeOptions {
  batchSize: number;
  normalize: boolean;
  outputValue: OutputValue;
  truncateDim: number | undefined;
  precision: Precision;
  convertTo: ConvertTo;
  sortBy: SortBy;
  tokenBudget: number | undefined;
}

export function resolveEncodeOptions(o: EncodeOptions, modelTruncateDim: number | undefined): ResolvedEncodeOptions {
  const batchSize = o.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
  const truncateDim = o.truncateDim ?? modelTruncateDim;
  if (truncateDim !== undefined && (!Number.isInteger(truncateDim) || truncateDim <= 0)) {
    throw new ArgumentError('truncateDim', `must be a positive integer, got ${truncateDim}`);
  }
  const precision = o.precision ?? 'float32';
  if (!PRECISIONS.includes(precision)) throw new ArgumentError('precision', `must be one of ${PRECISIONS.join(', ')}, got "${precision}"`);
  const outputValue = o.outputValue ?? 'sentence_embedding';
  if (outputValue !== 'sentence_embedding' && outputValue !== 'token_embeddings') {
    throw new ArgumentError('outputValue', `must be "sentence_embedding" or "token_embeddings", got "${String(outputValue)}"`);
  }
  if (outputValue === 'token_embeddings' && precision !== 'float32') throw new ArgumentError('precision', 'applies to sentence embeddings only');
  const convertTo = o.convertTo ?? 'float32array';
  if (!['float32array', 'array', 'tensor'].includes(convertTo)) throw new ArgumentError('convertTo', `must be float32array, array or tensor, got "${convertTo}"`);
  if (convertTo === 'tensor' && precision !== 'float32') throw new ArgumentError('convertTo', '"tensor" needs precision float32 (quantized rows come back as typed arrays)');
  const sortBy = checkSortBy(o.sortBy);
  checkTokenBudget(o.tokenBudget);
  return { batchSize, normalize: o.normalizeEmbeddings ?? false, outputValue, truncateDim, precision, convertTo, sortBy, tokenBudget: o.tokenBudget };
}

/** Anything that embeds texts as SentenceTransformer.encode does (indexCorpus, retrieveAndRerank take one). */
export interface TextEmbedder {
  encode(texts: readonly string[], options?: EncodeOptions): Promise<unknown>;
}
