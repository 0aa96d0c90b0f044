// mirrors modeling_bert.py :: BertSelfOutput (keys: *.attention.output.dense.*, *.attention.output.LayerNorm.*)
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { LayerNorm } from '../../nn/layer_norm.js';
import { Dropout } from '../../nn/dropout.js';
import { Linear } from '../../nn/linear.js';

export class BertSelfOutput {
  /** After the dense layer, before the residual (hidden_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);

  constructor(public dense: Linear, public LayerNorm: LayerNorm) {}

  static load(w: WeightScope, c: BertConfig): BertSelfOutput {
    const o = new BertSelfOutput(Linear.load(w.sub('dense'), c.hidden_size, c.hidden_size),
      LayerNorm.load(w.sub('LayerNorm'), c.hidden_size, c.layer_norm_eps));
    o.dropout = new Dropout(c.hidden_dropout_prob);
    return o;
  }

  /** LayerNorm(dense(context) + residual): [B, T, H] -> [B, T, H] (post-norm) */
  forward(context: tf.Tensor3D, residual: tf.Tensor3D): tf.Tensor3D {
    return this.LayerNorm.forward(tf.add(this.dropout.forward(this.dense.forward(context)), residual)) as tf.Tensor3D;
  }
}
