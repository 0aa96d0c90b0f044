// BERT / RoBERTa / XLM-R config.json, typed. Field names are the
// file's, verbatim; defaults are the transformers class defaults and are written here only.
// mirrors configuration_bert.py :: BertConfig and configuration_roberta.py :: RobertaConfig
import { ConfigError } from '../errors.js';
import { HIDDEN_ACTS } from '../nn/activations.js';
import type { HiddenAct } from '../nn/activations.js';
import { asObject, bool, float, int, oneOf, probability } from './parse.js';
import { MAX_LAYERS } from '../format/limits.js';

/** model_type values that share the BERT body; the roberta family differs only in position ids. */
export const BERT_MODEL_TYPES = ['bert', 'roberta', 'xlm-roberta', 'camembert'] as const;
export type BertModelType = (typeof BERT_MODEL_TYPES)[number];

/**
 * transformers class names (`architectures[0]`) -> model_type, for configs written before
 * transformers 2.4 added model_type, so an old RoBERTa is not read as BERT (their position ids
 * differ). The registry's BERT and RoBERTa specs each hold their part.
 */
export const BERT_CLASSES = { BertModel: 'bert' } as const satisfies Record<string, BertModelType>;
export const ROBERTA_CLASSES = {
  RobertaModel: 'roberta', XLMRobertaModel: 'xlm-roberta', CamembertModel: 'camembert',
} as const satisfies Record<string, BertModelType>;
const FAMILY_CLASSES: Readonly<Record<string, BertModelType>> = { ...BERT_CLASSES, ...ROBERTA_CLASSES };

export interface BertConfig {
  model_type: BertModelType;
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: HiddenAct;
  max_position_embeddings: number;
  type_vocab_size: number;
  layer_norm_eps: number;
  /** Also RoBERTa's position padding index: real tokens get positions pad_token_id + 1, … */
  pad_token_id: number;
  /** Only "absolute" is implemented; relative_key* models are refused. */
  position_embedding_type: 'absolute';
  /** Dropout after the embeddings and each dense output (training only). */
  hidden_dropout_prob: number;
  /** Dropout on the attention probabilities (training only). */
  attention_probs_dropout_prob: number;
}

/** RoBERTa-family models compute position ids from input ids (see roberta_embeddings.ts). */
export function isRobertaFamily(type: BertModelType): boolean {
  return type !== 'bert';
}

export function parseBertConfig(json: unknown, file = 'config.json'): BertConfig {
  const o = asObject(json, file);
  // Without model_type: the family named by architectures[0] (an old RoBERTa), else BertConfig's 'bert'.
  const inferred = o['model_type'] === undefined && Array.isArray(o['architectures']) ? FAMILY_CLASSES[String(o['architectures'][0])] : undefined;
  const model_type = oneOf(o, 'model_type', file, BERT_MODEL_TYPES, inferred ?? 'bert');
  const roberta = isRobertaFamily(model_type);
  const config: BertConfig = {
    model_type,
    vocab_size: int(o, 'vocab_size', file, roberta ? 50265 : 30522, 1),
    hidden_size: int(o, 'hidden_size', file, 768, 1),
    num_hidden_layers: int(o, 'num_hidden_layers', file, 12, 0, MAX_LAYERS),
    num_attention_heads: int(o, 'num_attention_heads', file, 12, 1),
    intermediate_size: int(o, 'intermediate_size', file, 3072, 1),
    hidden_act: oneOf(o, 'hidden_act', file, HIDDEN_ACTS, 'gelu'),
    max_position_embeddings: int(o, 'max_position_embeddings', file, 512, 1),
    type_vocab_size: int(o, 'type_vocab_size', file, 2, 1),
    layer_norm_eps: float(o, 'layer_norm_eps', file, 1e-12, true),
    // RobertaConfig's class default is 1, BertConfig's 0.
    pad_token_id: int(o, 'pad_token_id', file, roberta ? 1 : 0, 0),
    position_embedding_type: oneOf(o, 'position_embedding_type', file, ['absolute'] as const, 'absolute'),
    hidden_dropout_prob: probability(o, 'hidden_dropout_prob', file, 0.1),
    attention_probs_dropout_prob: probability(o, 'attention_probs_dropout_prob', file, 0.1),
  };
  if (config.hidden_size % config.num_attention_heads !== 0) {
    throw new ConfigError(file, 'num_attention_heads',
      `(${config.num_attention_heads}) must divide hidden_size (${config.hidden_size})`);
  }
  if (bool(o, 'is_decoder', file, false)) {
    throw new ConfigError(file, 'is_decoder', 'must be false: only encoders are supported, found true');
  }
  if (bool(o, 'add_cross_attention', file, false)) {
    throw new ConfigError(file, 'add_cross_attention', 'must be false: cross-attention is not supported, found true');
  }
  if (config.pad_token_id >= config.vocab_size) {
    throw new ConfigError(file, 'pad_token_id', `(${config.pad_token_id}) must be < vocab_size (${config.vocab_size})`);
  }
  if (roberta && config.max_position_embeddings <= config.pad_token_id + 1) {
    throw new ConfigError(file, 'max_position_embeddings',
      `(${config.max_position_embeddings}) must exceed pad_token_id + 1 (${config.pad_token_id + 1}): RoBERTa positions start after the padding index`);
  }
  return config;
}

/** Longest input the position table allows: RoBERTa loses pad_token_id + 1 slots to the offset. */
export function maxInputLength(c: BertConfig): number {
  return isRobertaFamily(c.model_type) ? c.max_position_embeddings - c.pad_token_id - 1 : c.max_position_embeddings;
}
