// mirrors modeling_bert.py :: BertLayer (keys: encoder.layer.{i}.{attention,intermediate,output}.*)
import type * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { BertAttention } from './bert_attention.js';
import { BertIntermediate } from './bert_intermediate.js';
import { BertOutput } from './bert_output.js';

/** What every encoder layer returns; a user's replacement layer returns the same. */
export interface LayerOutput {
  /** [B, T, H] */
  hidden: tf.Tensor3D;
  /** attention probabilities [B, nh, T, T] */
  probs: tf.Tensor4D;
}

export class BertLayer {
  constructor(public attention: BertAttention, public intermediate: BertIntermediate, public output: BertOutput) {}

  static load(w: WeightScope, c: BertConfig): BertLayer {
    return new BertLayer(BertAttention.load(w.sub('attention'), c), BertIntermediate.load(w.sub('intermediate'), c),
      BertOutput.load(w.sub('output'), c));
  }

  /** hidden [B, T, H], maskBias [B, 1, 1, T] -> next hidden [B, T, H] + this layer's probs */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): LayerOutput {
    const attended = this.attention.forward(hidden, maskBias);                 // [B, T, H]
    const inner = this.intermediate.forward(attended.output);                  // [B, T, I]
    return { hidden: this.output.forward(inner, attended.output), probs: attended.probs };
  }
}
