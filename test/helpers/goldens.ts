// Test-only access to the reference fixtures written by test/reference/make_fixtures.py
// (tiny models, committed) and test/reference/fetch_model.py (the real models, in .cache/).
//
// Golden tensors are safetensors files; integer tensors (int64 in PyTorch) come back as Int32Array,
// floats as Float32Array, both contiguous row-major with `shape`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSafetensors, toFloat32, toInt32 } from '../../src/checkpoint/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');
export const CACHE_DIR = join(REPO_ROOT, '.cache');
export const REAL_MODEL_NAME = 'all-MiniLM-L6-v2';
export const REAL_MODEL_DIR = join(CACHE_DIR, 'models', REAL_MODEL_NAME);
export const REAL_GOLDENS_DIR = join(CACHE_DIR, 'goldens', REAL_MODEL_NAME);
/** The other real model fetch_model.py knows (`npm run fetch-model -- all-mpnet-base-v2`). */
export const MPNET_MODEL_NAME = 'all-mpnet-base-v2';

/** .cache/models/<name>: the folder `npm run fetch-model` installs a real model into. */
export function realModelDir(name: string = REAL_MODEL_NAME): string {
  return join(CACHE_DIR, 'models', name);
}

/** .cache/goldens/<name>: the reference goldens `npm run fetch-model` writes for a real model. */
export function realGoldensDir(name: string = REAL_MODEL_NAME): string {
  return join(CACHE_DIR, 'goldens', name);
}

/** The command that fetches `name` and writes its goldens. */
export function fetchCommand(name: string = REAL_MODEL_NAME): string {
  return name === REAL_MODEL_NAME ? 'npm run fetch-model' : `npm run fetch-model -- ${name}`;
}

/** The tiny random-weight models; each has models/<name>/, goldens/<name>.{json,safetensors}. */
export const TINY_MODELS = ['tiny-bert', 'tiny-roberta', 'tiny-distilbert', 'tiny-xlmr', 'tiny-bert-dense', 'tiny-mpnet'] as const;
export type TinyModelName = (typeof TINY_MODELS)[number];
/** Models whose goldens carry hidden_states.<i> (tiny-bert-dense does not). */
export const LAYER_GOLDEN_MODELS: readonly TinyModelName[] = ['tiny-bert', 'tiny-roberta', 'tiny-distilbert', 'tiny-xlmr', 'tiny-mpnet'];
/**
 * Models whose goldens also carry attentions.<i>: BERT's attention (shared by RoBERTa/XLM-R),
 * DistilBERT's, and MPNet's (relative position bias).
 */
export const ATTENTION_GOLDEN_MODELS: readonly TinyModelName[] = ['tiny-bert', 'tiny-distilbert', 'tiny-mpnet'];
/** Models with a v0.2-layout copy under v02/<name>/ and v02/<name>.zip. */
export const V02_MODELS: readonly TinyModelName[] = ['tiny-bert', 'tiny-roberta', 'tiny-distilbert'];

export interface GoldenTensor {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly data: Float32Array | Int32Array;
}

/** goldens/<name>.json as written by test/reference/fixture_models.py. */
export interface GoldenMeta {
  model: string;
  /** Relative to FIXTURES_DIR. */
  model_dir: string;
  model_type: 'bert' | 'roberta' | 'distilbert' | 'xlm-roberta' | 'mpnet';
  /** The tokenizer fixture folder (tiny-mpnet: wordpiece with MPNet's specials, see fixture_models.py). */
  tokenizer: 'wordpiece' | 'bpe' | 'unigram';
  pooling_mode: string;
  dense_out_features: number | null;
  normalize: boolean;
  hidden_size: number;
  num_layers: number;
  num_heads: number;
  max_seq_length: number;
  embedding_dimension: number;
  sentences: string[];
  exact_length_sentence_index: number;
  /** Unpadded ids per sentence (after truncation, specials included). */
  input_ids: number[][];
  tokens: string[][];
  /** T of the padded batch in the safetensors file. */
  padded_length: number;
  tensors: Record<string, { dtype: string; shape: number[] }>;
  versions: Record<string, string>;
}

export interface Goldens<M = GoldenMeta> {
  meta: M;
  tensors: Map<string, GoldenTensor>;
  /** The named tensor, or an Error naming the file and the tensors that exist. */
  tensor(name: string): GoldenTensor;
}

/** Reads a safetensors file into float32 / int32 tensors (fp16 and bf16 widen exactly). */
export function readSafetensorsFile(path: string): Map<string, GoldenTensor> {
  const bytes = new Uint8Array(readFileSync(path));
  const out = new Map<string, GoldenTensor>();
  for (const [name, raw] of readSafetensors(bytes, path)) {
    const isFloat = raw.dtype === 'float32' || raw.dtype === 'float16' || raw.dtype === 'bfloat16' || raw.dtype === 'float64';
    out.set(name, isFloat
      ? { dtype: 'float32', shape: [...raw.shape], data: toFloat32(raw) }
      : { dtype: 'int32', shape: [...raw.shape], data: toInt32(raw, path) });
  }
  return out;
}

function withLookup<M>(meta: M, tensors: Map<string, GoldenTensor>, file: string): Goldens<M> {
  return {
    meta,
    tensors,
    tensor(name: string): GoldenTensor {
      const t = tensors.get(name);
      if (t === undefined) throw new Error(`${file}: no tensor "${name}" (has: ${[...tensors.keys()].join(', ')})`);
      return t;
    },
  };
}

/** goldens/<name>.json + goldens/<name>.safetensors of a tiny model. */
export function loadGoldens(name: TinyModelName | string): Goldens {
  const base = join(FIXTURES_DIR, 'goldens', name);
  const meta = JSON.parse(readFileSync(`${base}.json`, 'utf-8')) as GoldenMeta;
  return withLookup(meta, readSafetensorsFile(`${base}.safetensors`), `${base}.safetensors`);
}

/** Models also saved in the classic sentence-transformers v2.x layout under classic/<name>/. */
export const CLASSIC_MODELS: readonly TinyModelName[] = ['tiny-bert-dense'];

/** classic/<name>/: same weights as models/<name>/, reproduces goldens/<name> sentence_embedding. */
export function classicModelDir(name: TinyModelName): string {
  return join(FIXTURES_DIR, 'classic', name);
}

/** Path of a tiny model's folder as SentenceTransformer.save() wrote it. */
export function tinyModelDir(name: TinyModelName): string {
  return join(FIXTURES_DIR, 'models', name);
}

/**
 * Reference goldens of a real model (all-MiniLM-L6-v2, all-mpnet-base-v2) on every unique STSb test
 * sentence (both columns, first-appearance order; 2552 sentences), written by `npm run fetch-model`
 * into .cache/goldens/<name>/:
 *   goldens.json          RealGoldenMeta below
 *   goldens.safetensors   input_ids [N,T] int64, attention_mask [N,T] int64: right-padded with the
 *                         tokenizer's pad id (0 for MiniLM, 1 for MPNet) to T = the longest sentence
 *                         (46 for MiniLM); lengths [N]; offsets [N+1];
 *                         token_embeddings [sum(lengths), H] float32 (H = 384 MiniLM, 768 MPNet), RAGGED:
 *                         sentence i owns rows offsets[i] .. offsets[i+1]-1 (no padding rows; use
 *                         realTokenEmbeddings);
 *                         sentence_embedding [N,D] float32 (encode() output: mean pooling + Normalize).
 * All embeddings come from one SentenceTransformer.encode(batch_size=32) pass (ST sorts by length,
 * pads per batch), so expect float noise ~1e-7 against any other batching.
 */
export interface RealGoldenMeta {
  model: string;
  source: string;
  model_sha256: string;
  max_seq_length: number;
  embedding_dimension: number;
  batch_size: number;
  sentences: string[];
  /** Unpadded ids per sentence (specials included, truncated to max_seq_length). */
  input_ids: number[][];
  /** STSb test rows as [index of sentence 1, index of sentence 2] into `sentences`. */
  stsb_test_pairs: [number, number][];
  stsb_test_scores: number[];
  /** Reference cosine similarity of each pair. */
  stsb_test_cosine: number[];
  /** scipy spearmanr(gold scores, cosine): the reference STSb test number. */
  stsb_test_spearman_cosine: number;
  stsb_test_pearson_cosine: number;
  versions: Record<string, string>;
}

export type RealGoldens = Goldens<RealGoldenMeta>;

/** Fails with the command to run when the cache is missing (tests must not skip silently). */
export function requireRealModel(name: string = REAL_MODEL_NAME): string {
  const dir = realModelDir(name);
  if (!existsSync(join(dir, 'modules.json'))) {
    throw new Error(`${dir} is missing: run \`${fetchCommand(name)}\` first`);
  }
  return dir;
}

/**
 * Why the tests of real model `name` skip here: its folder or goldens are missing. Undefined when
 * both are there, and always in CI (CI=true: .ci/run fetches every model, so there a missing one
 * fails naming the command instead of skipping).
 */
export function realModelAbsence(name: string): string | undefined {
  if (process.env['CI'] === 'true') return undefined;
  const missing = [join(realModelDir(name), 'modules.json'), join(realGoldensDir(name), 'goldens.safetensors')].filter((f) => !existsSync(f));
  return missing.length === 0 ? undefined : `skipped: ${missing.join(' and ')} missing (run \`${fetchCommand(name)}\`)`;
}

/** Token embeddings [lengths[i], H] of sentence i, as a view on the ragged tensor. */
export function realTokenEmbeddings(g: RealGoldens, i: number): Float32Array {
  const offsets = g.tensor('offsets').data;
  const emb = g.tensor('token_embeddings');
  const dim = emb.shape[1] ?? 0;
  const begin = offsets[i];
  const end = offsets[i + 1];
  if (begin === undefined || end === undefined) throw new Error(`sentence ${i} out of range (N = ${offsets.length - 1})`);
  return (emb.data as Float32Array).subarray(begin * dim, end * dim);
}

export function loadRealGoldens(name: string = REAL_MODEL_NAME): RealGoldens {
  const dir = realGoldensDir(name);
  const json = join(dir, 'goldens.json');
  const st = join(dir, 'goldens.safetensors');
  if (!existsSync(json) || !existsSync(st)) {
    throw new Error(`${dir} is incomplete: run \`${fetchCommand(name)}\` first`);
  }
  const meta = JSON.parse(readFileSync(json, 'utf-8')) as RealGoldenMeta;
  return withLookup(meta, readSafetensorsFile(st), st);
}
