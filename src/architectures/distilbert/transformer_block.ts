// mirrors modeling_distilbert.py :: TransformerBlock
// (keys: transformer.layer.{i}.{attention,sa_layer_norm,ffn,output_layer_norm}.*)
import * as tf from '@tensorflow/tfjs-core';
import { DISTILBERT_LAYER_NORM_EPS } from '../../config/distilbert_config.js';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { LayerNorm } from '../../nn/layer_norm.js';
import type { LayerOutput } from '../bert/bert_layer.js';
import { FFN } from './ffn.js';
import { MultiHeadSelfAttention } from './multi_head_self_attention.js';

export class TransformerBlock {
  constructor(
    public attention: MultiHeadSelfAttention, public sa_layer_norm: LayerNorm,
    public ffn: FFN, public output_layer_norm: LayerNorm,
  ) {}

  static load(w: WeightScope, c: DistilBertConfig): TransformerBlock {
    return new TransformerBlock(MultiHeadSelfAttention.load(w.sub('attention'), c),
      LayerNorm.load(w.sub('sa_layer_norm'), c.dim, DISTILBERT_LAYER_NORM_EPS),
      FFN.load(w.sub('ffn'), c), LayerNorm.load(w.sub('output_layer_norm'), c.dim, DISTILBERT_LAYER_NORM_EPS));
  }

  /** s = sa_layer_norm(attn(x) + x); out = output_layer_norm(ffn(s) + s): [B, T, dim] -> [B, T, dim] */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): LayerOutput {
    const { context, probs } = this.attention.forward(hidden, maskBias);
    const s = this.sa_layer_norm.forward(tf.add(context, hidden)) as tf.Tensor3D;             // [B, T, dim]
    const out = this.output_layer_norm.forward(tf.add(this.ffn.forward(s), s)) as tf.Tensor3D;  // [B, T, dim]
    return { hidden: out, probs };
  }
}
