// mirrors modeling_bert.py :: BertSelfAttention (keys: *.attention.self.{query,key,value}.*)
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { scaledDotProductAttention, splitHeads } from '../../nn/attention.js';
import type { AttentionResult } from '../../nn/attention.js';
import { Dropout } from '../../nn/dropout.js';
import { Linear } from '../../nn/linear.js';

export class BertSelfAttention {
  /** On the attention probabilities (attention_probs_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);

  constructor(
    public query: Linear,
    public key: Linear,
    public value: Linear,
    public num_attention_heads: number,
  ) {}

  static load(w: WeightScope, c: BertConfig): BertSelfAttention {
    const h = c.hidden_size;
    const a = new BertSelfAttention(Linear.load(w.sub('query'), h, h), Linear.load(w.sub('key'), h, h),
      Linear.load(w.sub('value'), h, h), c.num_attention_heads);
    a.dropout = new Dropout(c.attention_probs_dropout_prob);
    return a;
  }

  /** hidden [B, T, H], maskBias [B, 1, 1, T] -> context [B, T, H] and probs [B, nh, T, T] */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): AttentionResult {
    const nh = this.num_attention_heads;
    const q = splitHeads(this.query.forward(hidden) as tf.Tensor3D, nh);       // [B, nh, T, hs]
    const k = splitHeads(this.key.forward(hidden) as tf.Tensor3D, nh);         // [B, nh, T, hs]
    const v = splitHeads(this.value.forward(hidden) as tf.Tensor3D, nh);       // [B, nh, T, hs]
    return scaledDotProductAttention(q, k, v, maskBias, this.dropout);
  }
}
