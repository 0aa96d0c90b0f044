// mirrors modeling_bert.py :: BertPooler (keys: pooler.dense.*): tanh(dense(first token)).
// Only the sequence-classification head reads it; sentence embeddings never do.
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { Linear } from '../../nn/linear.js';
import { firstToken } from '../sequence_classifier.js';

export class BertPooler {
  constructor(public dense: Linear) {}

  static load(w: WeightScope, c: BertConfig): BertPooler {
    return new BertPooler(Linear.load(w.sub('dense'), c.hidden_size, c.hidden_size));
  }

  /** hidden [B, T, H] -> [B, H]. Synchronous, no tidy. */
  forward(hidden: tf.Tensor3D): tf.Tensor2D {
    return tf.tanh(this.dense.forward(firstToken(hidden))) as tf.Tensor2D;  // [B, H]
  }
}
