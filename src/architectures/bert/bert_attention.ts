// mirrors modeling_bert.py :: BertAttention (keys: *.attention.self.*, *.attention.output.*)
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { BertSelfAttention } from './bert_self_attention.js';
import { BertSelfOutput } from './bert_self_output.js';

export interface BertAttentionOutput {
  /** [B, T, H] */
  output: tf.Tensor3D;
  /** [B, nh, T, T] */
  probs: tf.Tensor4D;
}

export class BertAttention {
  /** `self` is replaceable: any object with BertSelfAttention's forward signature works there. */
  constructor(public self: BertSelfAttention, public output: BertSelfOutput) {}

  static load(w: WeightScope, c: BertConfig): BertAttention {
    return new BertAttention(BertSelfAttention.load(w.sub('self'), c), BertSelfOutput.load(w.sub('output'), c));
  }

  /** Its own tidy: Q, K, V, their head-split copies and the context go before the FFN (architectures/trace.ts: why leaf tidies). */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): BertAttentionOutput {
    return tf.tidy('BertAttention', () => {
      const { context, probs } = this.self.forward(hidden, maskBias);
      return { output: this.output.forward(context, hidden), probs };
    });
  }
}
