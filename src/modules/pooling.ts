// Pooling module: 1_Pooling/config.json -> the pure functions of functional/pooling.ts, several
// modes concatenated in the order the config lists them (reference Pooling._forward_padded).
import * as tf from '@tensorflow/tfjs-core';
import { POOLING_FUNCTIONS } from '../functional/pooling.js';
import type { PoolingConfig } from './config.js';
import { need, type Features, type StModule } from './features.js';

export const POOLING_TYPE = 'sentence_transformers.models.Pooling';

/** attention_mask with the first `promptLength` tokens of each row zeroed (counted from the first
 *  unmasked token, as the reference does for left padding). mask [B, T] -> [B, T]. */
export function excludePrompt(mask: tf.Tensor2D, promptLength: number): tf.Tensor2D {
  const [, T] = mask.shape;
  const start = tf.argMax(tf.cast(mask, 'int32'), 1); // [B] first unmasked position
  const positions = tf.expandDims(tf.range(0, T, 1, 'int32'), 0); // [1, T]
  const inPrompt = tf.less(positions, tf.expandDims(tf.add(start, promptLength), 1)); // [B, T]
  return tf.where(inPrompt, tf.zerosLike(mask), mask) as tf.Tensor2D;
}

export class Pooling implements StModule {
  readonly type = POOLING_TYPE;
  constructor(readonly name: string, readonly config: PoolingConfig) {}

  /** Width of sentence_embedding: modes x word dimension. */
  outputDimension(): number {
    return this.config.modes.length * this.config.word_embedding_dimension;
  }

  forward(f: Features): Features {
    const tokens = need(f, 'token_embeddings', this.name); // [B, T, H]
    let mask = need(f, 'attention_mask', this.name); // [B, T]
    if (!this.config.include_prompt && f.prompt_length !== undefined && f.prompt_length > 0) {
      mask = excludePrompt(mask, f.prompt_length);
    }
    const pooled = this.config.modes.map((m) => POOLING_FUNCTIONS[m](tokens, mask)); // each [B, H]
    const sentence_embedding = (pooled.length === 1 ? pooled[0]! : tf.concat(pooled, -1)) as tf.Tensor2D; // [B, modes*H]
    return { ...f, sentence_embedding };
  }

  dispose(): void {}
}
