// mirrors modeling_distilbert.py :: MultiHeadSelfAttention (transformers ≥ 5: DistilBertSelfAttention)
// (keys: transformer.layer.{i}.attention.{q_lin,k_lin,v_lin,out_lin}.*)
import * as tf from '@tensorflow/tfjs-core';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { scaledDotProductAttention, splitHeads } from '../../nn/attention.js';
import type { AttentionResult } from '../../nn/attention.js';
import { Dropout } from '../../nn/dropout.js';
import { Linear } from '../../nn/linear.js';

export class MultiHeadSelfAttention {
  /** On the attention probabilities (attention_dropout); the identity unless training. */
  dropout = new Dropout(0);

  constructor(
    public q_lin: Linear, public k_lin: Linear, public v_lin: Linear, public out_lin: Linear,
    public n_heads: number,
  ) {}

  static load(w: WeightScope, c: DistilBertConfig): MultiHeadSelfAttention {
    const d = c.dim;
    const a = new MultiHeadSelfAttention(Linear.load(w.sub('q_lin'), d, d), Linear.load(w.sub('k_lin'), d, d),
      Linear.load(w.sub('v_lin'), d, d), Linear.load(w.sub('out_lin'), d, d), c.n_heads);
    a.dropout = new Dropout(c.attention_dropout);
    return a;
  }

  /**
   * hidden [B, T, dim] -> out_lin(context) [B, T, dim] and probs [B, nh, T, T]. Old DistilBERT scaled q
   * before the product and filled masked scores with −inf; transformers 5 shares BERT's eager path,
   * which we follow. Probabilities agree either way (masked keys get exactly 0).
   */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): AttentionResult {
    // Its own tidy: Q, K, V and their head-split copies go before the FFN (architectures/trace.ts: why leaf tidies).
    return tf.tidy('MultiHeadSelfAttention', () => {
      const q = splitHeads(this.q_lin.forward(hidden) as tf.Tensor3D, this.n_heads);  // [B, nh, T, hs]
      const k = splitHeads(this.k_lin.forward(hidden) as tf.Tensor3D, this.n_heads);  // [B, nh, T, hs]
      const v = splitHeads(this.v_lin.forward(hidden) as tf.Tensor3D, this.n_heads);  // [B, nh, T, hs]
      const { context, probs } = scaledDotProductAttention(q, k, v, maskBias, this.dropout);
      return { context: this.out_lin.forward(context) as tf.Tensor3D, probs };   // [B, T, dim]
    });
  }
}
