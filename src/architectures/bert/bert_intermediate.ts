// mirrors modeling_bert.py :: BertIntermediate (keys: *.intermediate.dense.*)
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { activation } from '../../nn/activations.js';
import type { Activation } from '../../nn/activations.js';
import { Linear } from '../../nn/linear.js';

export class BertIntermediate {
  constructor(public dense: Linear, public intermediate_act_fn: Activation) {}

  static load(w: WeightScope, c: BertConfig): BertIntermediate {
    return new BertIntermediate(Linear.load(w.sub('dense'), c.hidden_size, c.intermediate_size), activation(c.hidden_act));
  }

  /** act(dense(x)): [B, T, H] -> [B, T, I]. Its own tidy: the pre-activation [B, T, I] goes before BertOutput's product (architectures/trace.ts: why leaf tidies). */
  forward(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy('BertIntermediate', () => this.intermediate_act_fn(this.dense.forward(hidden)) as tf.Tensor3D);
  }
}
