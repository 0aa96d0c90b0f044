// mirrors modeling_bert.py :: BertEmbeddings (keys: embeddings.{word,position,token_type}_embeddings, embeddings.LayerNorm)
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { Dropout } from '../../nn/dropout.js';
import { Embedding } from '../../nn/embedding.js';
import { LayerNorm } from '../../nn/layer_norm.js';

export class BertEmbeddings {
  /** After the LayerNorm (hidden_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);

  constructor(
    public word_embeddings: Embedding,
    public position_embeddings: Embedding,
    public token_type_embeddings: Embedding,
    public LayerNorm: LayerNorm,
  ) {}

  static load(w: WeightScope, c: BertConfig): BertEmbeddings {
    const e = new BertEmbeddings(
      Embedding.load(w.sub('word_embeddings'), c.vocab_size, c.hidden_size),
      Embedding.load(w.sub('position_embeddings'), c.max_position_embeddings, c.hidden_size),
      Embedding.load(w.sub('token_type_embeddings'), c.type_vocab_size, c.hidden_size),
      LayerNorm.load(w.sub('LayerNorm'), c.hidden_size, c.layer_norm_eps),
    );
    e.dropout = new Dropout(c.hidden_dropout_prob);
    return e;
  }

  /** BERT: 0 … T−1 for every row, padding rows included. [B, T] int32 */
  positionIds(inputIds: tf.Tensor2D): tf.Tensor2D {
    const [b, t] = inputIds.shape;
    return tf.tile(tf.reshape(tf.range(0, t, 1, 'int32'), [1, t]), [b, 1]) as tf.Tensor2D;
  }

  /** ids [B, T], token types [B, T] (zeros when absent) -> [B, T, H] */
  forward(inputIds: tf.Tensor2D, tokenTypeIds?: tf.Tensor2D): tf.Tensor3D {
    // Its own tidy: the three lookups and two sums go before the first layer (architectures/trace.ts: why leaf tidies).
    return tf.tidy('BertEmbeddings', () => {
      const types = tokenTypeIds ?? tf.zerosLike(inputIds);                     // [B, T]
      // (word + token_type) + position: the reference's addition order, for bit-level parity.
      const summed = tf.add(this.word_embeddings.forward(inputIds), this.token_type_embeddings.forward(types));  // [B, T, H]
      const withPos = tf.add(summed, this.position_embeddings.forward(this.positionIds(inputIds)));              // [B, T, H]
      return this.dropout.forward(this.LayerNorm.forward(withPos) as tf.Tensor3D);  // [B, T, H]
    });
  }
}
