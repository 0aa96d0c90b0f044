// mirrors modeling_roberta.py :: RobertaEmbeddings — BertEmbeddings with one change, the position ids.
// XLM-R (modeling_xlm_roberta.py) and CamemBERT use this same body.
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import type { Embedding } from '../../nn/embedding.js';
import type { LayerNorm } from '../../nn/layer_norm.js';
import { BertEmbeddings } from '../bert/bert_embeddings.js';

export class RobertaEmbeddings extends BertEmbeddings {
  constructor(
    word_embeddings: Embedding, position_embeddings: Embedding, token_type_embeddings: Embedding, LayerNorm: LayerNorm,
    /** config pad_token_id, which is also the position table's padding index. */
    public padding_idx: number,
  ) {
    super(word_embeddings, position_embeddings, token_type_embeddings, LayerNorm);
  }

  static override load(w: WeightScope, c: BertConfig): RobertaEmbeddings {
    const b = BertEmbeddings.load(w, c);
    const r = new RobertaEmbeddings(b.word_embeddings, b.position_embeddings, b.token_type_embeddings, b.LayerNorm, c.pad_token_id);
    r.dropout = b.dropout;
    return r;
  }

  /**
   * create_position_ids_from_input_ids: pos = cumsum(ids ≠ pad) · (ids ≠ pad) + padding_idx.
   * Real tokens get padding_idx + 1, + 2, …; pads keep padding_idx. Computed from the ids, not the
   * attention mask, so a pad id inside the text shifts the positions after it, as in the reference.
   */
  override positionIds(inputIds: tf.Tensor2D): tf.Tensor2D {
    // float32 cumsum (exact for any real length) because not every backend has an int32 Cumsum.
    const notPad = tf.cast(tf.notEqual(inputIds, tf.scalar(this.padding_idx, 'int32')), 'float32');  // [B, T]
    const positions = tf.add(tf.mul(tf.cumsum(notPad, 1), notPad), this.padding_idx);              // [B, T]
    return tf.cast(positions, 'int32') as tf.Tensor2D;                                              // [B, T] int32
  }
}
