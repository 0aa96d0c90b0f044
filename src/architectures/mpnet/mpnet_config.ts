// MPNet config.json, typed with its field names (mirrors configuration_mpnet.py :: MPNetConfig).
// Defaults are MPNetConfig's class defaults and are written here only.
import { ConfigError } from '../../errors.js';
import { asObject, float, int, oneOf, probability } from '../../config/parse.js';
import { HIDDEN_ACTS } from '../../nn/activations.js';
import type { HiddenAct } from '../../nn/activations.js';
import { MAX_LAYERS } from '../../format/limits.js';

/**
 * MPNetEmbeddings hard-codes its padding index to 1 (whatever pad_token_id says): positions are
 * computed against it and start at 2.
 */
export const MPNET_PADDING_IDX = 1;

/**
 * MPNetEncoder.compute_position_bias always asks for 32 buckets (its default argument), not for
 * relative_attention_num_buckets: the table needs at least 32 rows and rows past 32 are never read.
 */
export const MPNET_POSITION_BUCKETS = 32;

export interface MPNetConfig {
  model_type: 'mpnet';
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: HiddenAct;
  max_position_embeddings: number;
  layer_norm_eps: number;
  /** Rows of encoder.relative_attention_bias ([buckets, heads]). */
  relative_attention_num_buckets: number;
  /** The tokenizer's pad id; the embeddings use MPNET_PADDING_IDX (the same 1 in every MPNet checkpoint). */
  pad_token_id: number;
  /** Dropout after the embeddings and each dense output (training only). */
  hidden_dropout_prob: number;
  /** Dropout on the attention probabilities (training only). */
  attention_probs_dropout_prob: number;
}

export function parseMPNetConfig(json: unknown, file = 'config.json'): MPNetConfig {
  const o = asObject(json, file);
  const config: MPNetConfig = {
    model_type: oneOf(o, 'model_type', file, ['mpnet'] as const, 'mpnet'),
    vocab_size: int(o, 'vocab_size', file, 30527, 1),
    hidden_size: int(o, 'hidden_size', file, 768, 1),
    num_hidden_layers: int(o, 'num_hidden_layers', file, 12, 0, MAX_LAYERS),
    num_attention_heads: int(o, 'num_attention_heads', file, 12, 1),
    intermediate_size: int(o, 'intermediate_size', file, 3072, 1),
    hidden_act: oneOf(o, 'hidden_act', file, HIDDEN_ACTS, 'gelu'),
    max_position_embeddings: int(o, 'max_position_embeddings', file, 512, MPNET_PADDING_IDX + 2),
    layer_norm_eps: float(o, 'layer_norm_eps', file, 1e-12, true),
    relative_attention_num_buckets: int(o, 'relative_attention_num_buckets', file, 32, MPNET_POSITION_BUCKETS),
    pad_token_id: int(o, 'pad_token_id', file, 1, 0),
    hidden_dropout_prob: probability(o, 'hidden_dropout_prob', file, 0.1),
    attention_probs_dropout_prob: probability(o, 'attention_probs_dropout_prob', file, 0.1),
  };
  if (config.hidden_size % config.num_attention_heads !== 0) {
    throw new ConfigError(file, 'num_attention_heads',
      `(${config.num_attention_heads}) must divide hidden_size (${config.hidden_size})`);
  }
  if (config.vocab_size <= MPNET_PADDING_IDX) {
    throw new ConfigError(file, 'vocab_size', `(${config.vocab_size}) must exceed the padding index ${MPNET_PADDING_IDX}`);
  }
  return config;
}

/** Longest input the position table allows: positions start after the padding index, as in RoBERTa. */
export function maxInputLength(c: MPNetConfig): number {
  return c.max_position_embeddings - MPNET_PADDING_IDX - 1;
}
