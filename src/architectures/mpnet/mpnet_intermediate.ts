// mirrors modeling_mpnet.py :: MPNetIntermediate, a copy of BertIntermediate (keys: *.intermediate.dense.*)
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { activation } from '../../nn/activations.js';
import type { Activation } from '../../nn/activations.js';
import { Linear } from '../../nn/linear.js';
import type { MPNetConfig } from './mpnet_config.js';

export class MPNetIntermediate {
  constructor(public dense: Linear, public intermediate_act_fn: Activation) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetIntermediate {
    return new MPNetIntermediate(Linear.load(w.sub('dense'), c.hidden_size, c.intermediate_size), activation(c.hidden_act));
  }

  /** act(dense(x)): [B, T, H] -> [B, T, I]. Its own tidy: the pre-activation goes before MPNetOutput's product (architectures/trace.ts: why leaf tidies). */
  forward(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy('MPNetIntermediate', () => this.intermediate_act_fn(this.dense.forward(hidden)) as tf.Tensor3D);
  }
}
