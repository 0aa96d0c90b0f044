// The record that flows through the modules, with sentence-transformers' key names
// (models/Module.py). Each module returns a new record; nothing is mutated, so a caller's features stay valid after every module.
import type * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';

export interface Features {
  input_ids: tf.Tensor2D; // [B, T] int32
  attention_mask: tf.Tensor2D; // [B, T] int32
  token_type_ids?: tf.Tensor2D; // [B, T] int32
  token_embeddings?: tf.Tensor3D; // [B, T, H]
  sentence_embedding?: tf.Tensor2D; // [B, D]
  /** Tokens of the prompt (without its trailing special token), for Pooling's include_prompt=false. */
  prompt_length?: number;
}

/** A module of the pipeline. `forward` is synchronous and opens no tidy: the caller's entry point holds the one tidy around the whole pipeline. */
export interface StModule {
  /** The `name` of its modules.json entry. */
  readonly name: string;
  /** Its modules.json `type`, e.g. sentence_transformers.models.Pooling. */
  readonly type: string;
  forward(features: Features): Features;
  /**
   * Width of what this module outputs, given the width it receives (the reference's
   * get_sentence_embedding_dimension, asked module by module). Absent: the width is unchanged.
   */
  outputDimension?(inputDimension: number): number;
  /** Frees the weights this module owns (no-op for weightless modules). */
  dispose(): void;
}

/** The feature `key`, or an error naming the module that needed it. */
export function need<K extends keyof Features>(f: Features, key: K, module: string): NonNullable<Features[K]> {
  const v = f[key];
  if (v === undefined || v === null) throw new ArgumentError(key, `is missing from the features given to module ${module}`);
  return v as NonNullable<Features[K]>;
}
