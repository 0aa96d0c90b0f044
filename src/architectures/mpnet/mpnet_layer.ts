// mirrors modeling_mpnet.py :: MPNetLayer (keys: encoder.layer.{i}.{attention,intermediate,output}.*)
import type * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import type { LayerOutput } from '../bert/bert_layer.js';
import { MPNetAttention } from './mpnet_attention.js';
import type { MPNetConfig } from './mpnet_config.js';
import { MPNetIntermediate } from './mpnet_intermediate.js';
import { MPNetOutput } from './mpnet_output.js';

export class MPNetLayer {
  constructor(public attention: MPNetAttention, public intermediate: MPNetIntermediate, public output: MPNetOutput) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetLayer {
    return new MPNetLayer(MPNetAttention.load(w.sub('attention'), c), MPNetIntermediate.load(w.sub('intermediate'), c),
      MPNetOutput.load(w.sub('output'), c));
  }

  /**
   * hidden [B, T, H], bias [B, nh, T, T] -> next hidden [B, T, H] + this layer's probs. The bias is
   * the relative position bias plus the padding mask (mpnet_encoder.ts), so the layer keeps the
   * forward(hidden, maskBias) signature every encoder layer has (architectures/trace.ts).
   */
  forward(hidden: tf.Tensor3D, bias: tf.Tensor4D): LayerOutput {
    const attended = this.attention.forward(hidden, bias);                     // [B, T, H]
    const inner = this.intermediate.forward(attended.output);                  // [B, T, I]
    return { hidden: this.output.forward(inner, attended.output), probs: attended.probs };
  }
}
