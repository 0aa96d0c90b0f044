// mirrors modeling_mpnet.py :: MPNetSelfAttention (keys: *.attention.attn.{q,k,v,o}.*)
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { mergeHeads, splitHeads } from '../../nn/attention.js';
import type { AttentionResult } from '../../nn/attention.js';
import { Dropout } from '../../nn/dropout.js';
import { Linear } from '../../nn/linear.js';
import type { MPNetConfig } from './mpnet_config.js';

export class MPNetSelfAttention {
  /** On the attention probabilities (attention_probs_dropout_prob); the identity unless training. */
  dropout = new Dropout(0);
  /**
   * The original head numbers this attention still has, once heads are pruned
   * (src/research/heads.ts); null: all of them. The position bias is shared by every layer and has
   * one row per original head, so a pruned layer takes these rows of it.
   */
  heads: number[] | null = null;

  constructor(
    public q: Linear, public k: Linear, public v: Linear, public o: Linear,
    public num_attention_heads: number,
  ) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetSelfAttention {
    const h = c.hidden_size;
    const a = new MPNetSelfAttention(Linear.load(w.sub('q'), h, h), Linear.load(w.sub('k'), h, h),
      Linear.load(w.sub('v'), h, h), Linear.load(w.sub('o'), h, h), c.num_attention_heads);
    a.dropout = new Dropout(c.attention_probs_dropout_prob);
    return a;
  }

  /**
   * hidden [B, T, H], bias [B, nh, T, T] (relative position bias + padding mask, see
   * mpnet_encoder.ts) -> o(context) [B, T, H] and probs [B, nh, T, T].
   * softmax(q·kᵀ / √hs + bias)·v in the reference's order: it divides by √hs where nn/attention.ts
   * multiplies by hs^-0.5, which rounds differently when √hs is not a power of two.
   */
  forward(hidden: tf.Tensor3D, bias: tf.Tensor4D): AttentionResult {
    // Its own tidy: Q, K, V and the [B, nh, T, T] temporaries go before the FFN (architectures/trace.ts: why leaf tidies).
    return tf.tidy('MPNetSelfAttention', () => {
      const nh = this.num_attention_heads;
      const q = splitHeads(this.q.forward(hidden) as tf.Tensor3D, nh);         // [B, nh, T, hs]
      const k = splitHeads(this.k.forward(hidden) as tf.Tensor3D, nh);         // [B, nh, T, hs]
      const v = splitHeads(this.v.forward(hidden) as tf.Tensor3D, nh);         // [B, nh, T, hs]
      // k transposed explicitly rather than via matMul's transposeB, the slow path on wasm.
      const kT = tf.transpose(k, [0, 1, 3, 2]);                                 // [B, nh, hs, T]
      const scores = tf.div(tf.matMul(q, kT), Math.sqrt(q.shape[3]));           // [B, nh, T, T]
      const ownBias = this.heads === null ? bias : tf.gather(bias, tf.tensor1d(this.heads, 'int32'), 1);  // [B, nh, T, T]
      const probs = this.dropout.forward(tf.softmax(tf.add(scores, ownBias)) as tf.Tensor4D);  // [B, nh, T, T]
      const context = mergeHeads(tf.matMul(probs, v));                          // [B, T, H]
      return { context: this.o.forward(context) as tf.Tensor3D, probs };       // [B, T, H]
    });
  }
}
