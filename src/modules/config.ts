// Types and parsers for the sentence-transformers module configs. Field names are the files' own;
// each parser throws ConfigError(file, field, ...) on anything unexpected. modules.json itself and
// the file names are the format's (src/format/).
import { ConfigError } from '../errors.js';
import { asObject as obj, bool, int, optionalInt, type JsonObject } from '../format/json_fields.js';
import type { PoolingModeName } from '../functional/pooling.js';
import { POOLING_MODES } from '../functional/pooling.js';
import type { SimilarityFnName } from '../functional/similarity.js';

type Json = JsonObject;

/** sentence_bert_config.json (and its older per-architecture names). */
export interface SentenceBertConfig {
  max_seq_length?: number;
  do_lower_case: boolean;
}

export function parseSentenceBertConfig(json: unknown, file: string): SentenceBertConfig {
  const o = obj(json, file);
  const max = optionalInt(o, 'max_seq_length', file, 1);
  return { ...(max === undefined ? {} : { max_seq_length: max }), do_lower_case: bool(o, 'do_lower_case', file, false) };
}

/** 1_Pooling/config.json, normalized to the list of modes in concatenation order. */
export interface PoolingConfig {
  word_embedding_dimension: number;
  modes: PoolingModeName[];
  include_prompt: boolean;
}

export type { ModuleEntry } from '../format/modules.js';

/** The boolean keys of old configs, in the order the reference converts them (cls, max, mean, ...). */
const LEGACY_KEYS: readonly [string, PoolingModeName][] = [
  ['pooling_mode_cls_token', 'cls'],
  ['pooling_mode_max_tokens', 'max'],
  ['pooling_mode_mean_tokens', 'mean'],
  ['pooling_mode_mean_sqrt_len_tokens', 'mean_sqrt_len_tokens'],
  ['pooling_mode_weightedmean_tokens', 'weightedmean'],
  ['pooling_mode_lasttoken', 'lasttoken'],
];

function asMode(v: unknown, file: string, field: string): PoolingModeName {
  if (typeof v !== 'string' || !(POOLING_MODES as readonly string[]).includes(v)) {
    throw new ConfigError(file, field, `must be one of ${POOLING_MODES.join(', ')}, found ${JSON.stringify(v)}`);
  }
  return v as PoolingModeName;
}

export function parsePoolingConfig(json: unknown, file: string): PoolingConfig {
  const o = obj(json, file);
  const dim = o['word_embedding_dimension'] ?? o['embedding_dimension'];
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim <= 0) {
    throw new ConfigError(file, 'word_embedding_dimension', `must be a positive integer, found ${JSON.stringify(dim)}`);
  }
  let modes: PoolingModeName[];
  const pm = o['pooling_mode'];
  if (typeof pm === 'string') modes = [asMode(pm, file, 'pooling_mode')];
  else if (Array.isArray(pm)) modes = pm.map((m, i) => asMode(m, file, `pooling_mode[${i}]`));
  else if (pm !== undefined && pm !== null) throw new ConfigError(file, 'pooling_mode', `must be a mode name or a list of them, found ${JSON.stringify(pm)}`);
  else {
    modes = LEGACY_KEYS.filter(([k]) => bool(o, k, file, false)).map(([, m]) => m);
    if (modes.length === 0) modes = ['mean']; // the reference's default when no flag is set
  }
  if (modes.length === 0) throw new ConfigError(file, 'pooling_mode', 'must name at least one mode, found an empty list');
  return { word_embedding_dimension: dim, modes, include_prompt: bool(o, 'include_prompt', file, true) };
}

/** 2_Dense/config.json. */
export interface DenseConfig {
  in_features: number;
  out_features: number;
  bias: boolean;
  activation_function: string;
}

export function parseDenseConfig(json: unknown, file: string): DenseConfig {
  const o = obj(json, file);
  const inF = int(o, 'in_features', file, undefined, 1);
  const outF = int(o, 'out_features', file, undefined, 1);
  if (o['use_residual'] === true) throw new ConfigError(file, 'use_residual', 'true is not supported');
  const act = o['activation_function'] ?? 'torch.nn.modules.activation.Tanh';
  if (typeof act !== 'string') throw new ConfigError(file, 'activation_function', `must be a dotted class name, found ${JSON.stringify(act)}`);
  return { in_features: inF, out_features: outF, bias: bool(o, 'bias', file, true), activation_function: act };
}

/** config_sentence_transformers.json: the fields encode() and similarity() use. */
export interface StModelConfig {
  prompts: Record<string, string>;
  default_prompt_name: string | null;
  similarity_fn_name: SimilarityFnName | null;
}

export const SIMILARITY_FN_NAMES: readonly SimilarityFnName[] = ['cosine', 'dot', 'euclidean', 'manhattan'];

export function parseStModelConfig(json: unknown, file: string): StModelConfig {
  const o = obj(json, file);
  const prompts = o['prompts'] ?? {};
  const p = obj(prompts, file, 'prompts');
  for (const [k, v] of Object.entries(p)) if (typeof v !== 'string') throw new ConfigError(file, `prompts.${k}`, `must be a string, found ${JSON.stringify(v)}`);
  const dpn = o['default_prompt_name'] ?? null;
  if (dpn !== null && (typeof dpn !== 'string' || !(dpn in p))) {
    throw new ConfigError(file, 'default_prompt_name', `must name one of the prompts (${Object.keys(p).join(', ') || 'none'}), found ${JSON.stringify(dpn)}`);
  }
  let sim = o['similarity_fn_name'] ?? null;
  if (sim === 'cos_sim') sim = 'cosine'; // names used by some 3.x files
  if (sim === 'dot_score' || sim === 'dot_product') sim = 'dot';
  if (sim !== null && !(SIMILARITY_FN_NAMES as readonly unknown[]).includes(sim)) {
    throw new ConfigError(file, 'similarity_fn_name', `must be one of ${SIMILARITY_FN_NAMES.join(', ')}, found ${JSON.stringify(sim)}`);
  }
  return { prompts: p as Record<string, string>, default_prompt_name: dpn as string | null, similarity_fn_name: sim as SimilarityFnName | null };
}
