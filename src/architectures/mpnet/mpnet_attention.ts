// mirrors modeling_mpnet.py :: MPNetAttention (keys: *.attention.attn.*, *.attention.LayerNorm.*)
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { Dropout } from '../../nn/dropout.js';
import { LayerNorm } from '../../nn/layer_norm.js';
import type { MPNetConfig } from './mpnet_config.js';
import { MPNetSelfAttention } from './mpnet_self_attention.js';

export interface MPNetAttentionOutput {
  /** [B, T, H] */
  output: tf.Tensor3D;
  /** [B, nh, T, T] */
  probs: tf.Tensor4D;
}

export class MPNetAttention {
  /** On attn's output, before the residual (hidden_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);

  /** `attn` is replaceable: any object with MPNetSelfAttention's forward signature works there. */
  constructor(public attn: MPNetSelfAttention, public LayerNorm: LayerNorm) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetAttention {
    const a = new MPNetAttention(MPNetSelfAttention.load(w.sub('attn'), c),
      LayerNorm.load(w.sub('LayerNorm'), c.hidden_size, c.layer_norm_eps));
    a.dropout = new Dropout(c.hidden_dropout_prob);
    return a;
  }

  /** LayerNorm(dropout(attn(x)) + x) (post-norm): [B, T, H] -> [B, T, H] */
  forward(hidden: tf.Tensor3D, bias: tf.Tensor4D): MPNetAttentionOutput {
    return tf.tidy('MPNetAttention', () => {
      const { context, probs } = this.attn.forward(hidden, bias);
      return { output: this.LayerNorm.forward(tf.add(this.dropout.forward(context), hidden)) as tf.Tensor3D, probs };
    });
  }
}
