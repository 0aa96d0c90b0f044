// mirrors modeling_mpnet.py :: MPNetEmbeddings (keys: embeddings.{word,position}_embeddings, embeddings.LayerNorm)
// RoBERTa's position ids, no token-type table (token_type_ids are ignored).
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { Dropout } from '../../nn/dropout.js';
import { Embedding } from '../../nn/embedding.js';
import { LayerNorm } from '../../nn/layer_norm.js';
import { MPNET_PADDING_IDX } from './mpnet_config.js';
import type { MPNetConfig } from './mpnet_config.js';

export class MPNetEmbeddings {
  /** After the LayerNorm (hidden_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);

  constructor(
    public word_embeddings: Embedding,
    public position_embeddings: Embedding,
    public LayerNorm: LayerNorm,
    /** The position table's padding index, hard-coded to 1 upstream. */
    public padding_idx: number = MPNET_PADDING_IDX,
  ) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetEmbeddings {
    const e = new MPNetEmbeddings(
      Embedding.load(w.sub('word_embeddings'), c.vocab_size, c.hidden_size),
      Embedding.load(w.sub('position_embeddings'), c.max_position_embeddings, c.hidden_size),
      LayerNorm.load(w.sub('LayerNorm'), c.hidden_size, c.layer_norm_eps),
    );
    e.dropout = new Dropout(c.hidden_dropout_prob);
    return e;
  }

  /**
   * create_position_ids_from_input_ids, as in ../roberta/roberta_embeddings.ts (a method there, so
   * the three lines are repeated): pos = cumsum(ids ≠ pad) · (ids ≠ pad) + padding_idx. Real tokens
   * get 2, 3, …; pads keep 1. [B, T] int32
   */
  positionIds(inputIds: tf.Tensor2D): tf.Tensor2D {
    // float32 cumsum (exact for any real length) because not every backend has an int32 Cumsum.
    const notPad = tf.cast(tf.notEqual(inputIds, tf.scalar(this.padding_idx, 'int32')), 'float32');  // [B, T]
    const positions = tf.add(tf.mul(tf.cumsum(notPad, 1), notPad), this.padding_idx);              // [B, T]
    return tf.cast(positions, 'int32') as tf.Tensor2D;
  }

  /** ids [B, T] -> LayerNorm(word[ids] + position[positionIds]) [B, T, H] */
  forward(inputIds: tf.Tensor2D): tf.Tensor3D {
    // Its own tidy: the lookups and the sum go before the first layer (architectures/trace.ts: why leaf tidies).
    return tf.tidy('MPNetEmbeddings', () => {
      const summed = tf.add(this.word_embeddings.forward(inputIds), this.position_embeddings.forward(this.positionIds(inputIds)));  // [B, T, H]
      return this.dropout.forward(this.LayerNorm.forward(summed) as tf.Tensor3D);
    });
  }
}
