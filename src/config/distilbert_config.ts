// DistilBERT config.json, typed with its own field names (dim, n_heads, hidden_dim, n_layers):
// we do not coerce it into BERT's names, so keys and configs read as in the checkpoint. Defaults are DistilBertConfig's.
// mirrors configuration_distilbert.py :: DistilBertConfig
import { ConfigError } from '../errors.js';
import { HIDDEN_ACTS } from '../nn/activations.js';
import type { HiddenAct } from '../nn/activations.js';
import { asObject, bool, int, oneOf, probability } from './parse.js';
import { MAX_LAYERS } from '../format/limits.js';

export interface DistilBertConfig {
  model_type: 'distilbert';
  vocab_size: number;
  dim: number;
  n_layers: number;
  n_heads: number;
  hidden_dim: number;
  activation: HiddenAct;
  max_position_embeddings: number;
  /** When true and the checkpoint lacks the position table, it is rebuilt (distilbert_embeddings.ts). */
  sinusoidal_pos_embds: boolean;
  pad_token_id: number;
  /** Dropout after the embeddings and each FFN (training only). */
  dropout: number;
  /** Dropout on the attention probabilities (training only). */
  attention_dropout: number;
}

/** Upstream hard-codes LayerNorm eps to 1e-12 in every DistilBERT LayerNorm; it is not a config field. */
export const DISTILBERT_LAYER_NORM_EPS = 1e-12;

export function parseDistilBertConfig(json: unknown, file = 'config.json'): DistilBertConfig {
  const o = asObject(json, file);
  const config: DistilBertConfig = {
    // Old configs (before transformers 2.4) have no model_type: DistilBertConfig's own is 'distilbert'.
    model_type: oneOf(o, 'model_type', file, ['distilbert'] as const, 'distilbert'),
    vocab_size: int(o, 'vocab_size', file, 30522, 1),
    dim: int(o, 'dim', file, 768, 1),
    n_layers: int(o, 'n_layers', file, 6, 0, MAX_LAYERS),
    n_heads: int(o, 'n_heads', file, 12, 1),
    hidden_dim: int(o, 'hidden_dim', file, 3072, 1),
    activation: oneOf(o, 'activation', file, HIDDEN_ACTS, 'gelu'),
    max_position_embeddings: int(o, 'max_position_embeddings', file, 512, 1),
    sinusoidal_pos_embds: bool(o, 'sinusoidal_pos_embds', file, false),
    pad_token_id: int(o, 'pad_token_id', file, 0, 0),
    dropout: probability(o, 'dropout', file, 0.1),
    attention_dropout: probability(o, 'attention_dropout', file, 0.1),
  };
  if (config.dim % config.n_heads !== 0) {
    throw new ConfigError(file, 'n_heads', `(${config.n_heads}) must divide dim (${config.dim})`);
  }
  return config;
}
