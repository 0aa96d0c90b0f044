// mirrors modeling_distilbert.py :: FFN (keys: transformer.layer.{i}.ffn.{lin1,lin2}.*)
import * as tf from '@tensorflow/tfjs-core';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { activation } from '../../nn/activations.js';
import type { Activation } from '../../nn/activations.js';
import { Dropout } from '../../nn/dropout.js';
import { Linear } from '../../nn/linear.js';

export class FFN {
  /** After lin2 (config dropout); the identity unless training. */
  dropout = new Dropout(0);

  constructor(public lin1: Linear, public lin2: Linear, public activation: Activation) {}

  static load(w: WeightScope, c: DistilBertConfig): FFN {
    const f = new FFN(Linear.load(w.sub('lin1'), c.dim, c.hidden_dim), Linear.load(w.sub('lin2'), c.hidden_dim, c.dim),
      activation(c.activation));
    f.dropout = new Dropout(c.dropout);
    return f;
  }

  /** dropout(lin2(act(lin1(x)))): [B, T, dim] -> [B, T, hidden_dim] -> [B, T, dim] */
  forward(x: tf.Tensor3D): tf.Tensor3D {
    // act(lin1(x)) in its own tidy: the pre-activation goes before lin2's product (architectures/trace.ts: why leaf tidies).
    const inner = tf.tidy('FFN.lin1', () => this.activation(this.lin1.forward(x)));
    return this.dropout.forward(this.lin2.forward(inner) as tf.Tensor3D);
  }
}
