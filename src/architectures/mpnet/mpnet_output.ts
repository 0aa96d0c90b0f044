// mirrors modeling_mpnet.py :: MPNetOutput, a copy of BertOutput (keys: *.output.dense.*, *.output.LayerNorm.*)
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { Dropout } from '../../nn/dropout.js';
import { LayerNorm } from '../../nn/layer_norm.js';
import { Linear } from '../../nn/linear.js';
import type { MPNetConfig } from './mpnet_config.js';

export class MPNetOutput {
  /** After the dense layer, before the residual (hidden_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);

  constructor(public dense: Linear, public LayerNorm: LayerNorm) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetOutput {
    const o = new MPNetOutput(Linear.load(w.sub('dense'), c.intermediate_size, c.hidden_size),
      LayerNorm.load(w.sub('LayerNorm'), c.hidden_size, c.layer_norm_eps));
    o.dropout = new Dropout(c.hidden_dropout_prob);
    return o;
  }

  /** LayerNorm(dense(h) + residual): h [B, T, I], residual [B, T, H] -> [B, T, H] */
  forward(intermediate: tf.Tensor3D, residual: tf.Tensor3D): tf.Tensor3D {
    return this.LayerNorm.forward(tf.add(this.dropout.forward(this.dense.forward(intermediate)), residual)) as tf.Tensor3D;
  }
}
