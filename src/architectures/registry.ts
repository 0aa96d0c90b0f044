// config.json model_type -> architecture. The pipeline calls loadEncoder; researchers can also
// call BertModel.load / RobertaModel.load / DistilBertModel.load on a WeightScope directly.
import * as tf from '@tensorflow/tfjs-core';
import { BERT_MODEL_TYPES, isRobertaFamily, maxInputLength, parseBertConfig } from '../config/bert_config.js';
import type { BertConfig } from '../config/bert_config.js';
import { parseDistilBertConfig } from '../config/distilbert_config.js';
import { modelTypeFromArchitectures } from '../config/model_type.js';
import type { DistilBertConfig } from '../config/distilbert_config.js';
import { asObject, oneOf } from '../config/parse.js';
import type { StoredWeight } from '../io/host_weight.js';
import { WeightStore } from '../io/weight_store.js';
import { namedParameters } from '../nn/parameters.js';
import { BertModel } from './bert/bert_model.js';
import { DistilBertModel } from './distilbert/distilbert_model.js';
import { RobertaModel } from './roberta/roberta_model.js';

export type { EncoderInputs, ForwardOptions, EncoderOutput, EncoderModel } from './types.js';

export const MODEL_TYPES = [...BERT_MODEL_TYPES, 'distilbert'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
export type EncoderConfig = BertConfig | DistilBertConfig;
/** BertModel covers RobertaModel (a subclass); narrow with instanceof to reach the blocks. */
export type AnyEncoder = BertModel | DistilBertModel;

/**
 * Parses config.json for any supported architecture. Very old configs have no model_type: it is
 * taken from `architectures[0]` (RobertaModel -> roberta, ...); without that, configs with
 * DistilBERT's "n_layers" are DistilBERT and the rest BERT (transformers 2.x's default).
 */
export function parseEncoderConfig(configJson: unknown, file = 'config.json'): EncoderConfig {
  const o = asObject(configJson, file);
  const fallback: ModelType = modelTypeFromArchitectures(o) ?? ('n_layers' in o ? 'distilbert' : 'bert');
  const type = oneOf(o, 'model_type', file, MODEL_TYPES, fallback);
  const withType = { ...o, model_type: type };
  return type === 'distilbert' ? parseDistilBertConfig(withType, file) : parseBertConfig(withType, file);
}

/** The longest input (tokens, specials included) the position table allows: cap max_seq_length with it. */
export function maxEncoderLength(config: EncoderConfig): number {
  return config.model_type === 'distilbert' ? config.max_position_embeddings : maxInputLength(config);
}

function build(config: EncoderConfig, store: WeightStore): AnyEncoder {
  const w = store.scope();
  if (config.model_type === 'distilbert') return DistilBertModel.load(w, config);
  return isRobertaFamily(config.model_type) ? RobertaModel.load(w, config) : BertModel.load(w, config);
}

/**
 * Builds the encoder from config.json and a name -> weight map (checkpoint names; the prefixes
 * bert./roberta./distilbert. and LayerNorm gamma/beta are accepted). Throws ConfigError or
 * WeightError (missing key, wrong shape or dtype) naming `files.config` / `files.weights`.
 *
 * Weights are tensors, or host weights (io/host_weight.ts) that are read and uploaded only when
 * the model takes them, Linear weights transposed on the host first.
 * Ownership: the model takes the tensors it uses. Linear weights are transposed once (kept as
 * [in, out], see nn/linear.ts) and their original tensors disposed; on failure nothing in
 * `weights` is disposed (what was uploaded from host weights is). `unusedKeys` lists what the
 * model did not take (for an ST model: pooler.dense.*); those tensors stay the caller's. Free the
 * model with disposeModel(model).
 */
export function loadEncoder(
  configJson: unknown, weights: ReadonlyMap<string, StoredWeight>, files: { config: string; weights: string },
): { model: AnyEncoder; unusedKeys: string[] } {
  const config = parseEncoderConfig(configJson, files.config);
  const store = new WeightStore(weights, files.weights);
  let model: AnyEncoder;
  try {
    model = build(config, store);
  } catch (e) {
    tf.dispose(store.created);
    throw e;
  }
  const held = new Set(namedParameters(model).map(([, t]) => t.id));
  for (const t of store.takenTensors()) if (!held.has(t.id)) t.dispose();
  return { model, unusedKeys: store.unused() };
}
