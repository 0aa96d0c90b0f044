// mirrors modeling_bert.py :: BertEncoder (keys: encoder.layer.{i}.*)
import type * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { runLayer } from '../trace.js';
import type { EncoderTrace } from '../trace.js';
import { BertLayer } from './bert_layer.js';

export class BertEncoder {
  /** A plain array: slice it to truncate, assign an element to swap a layer. */
  constructor(public layer: BertLayer[]) {}

  static load(w: WeightScope, c: BertConfig): BertEncoder {
    return new BertEncoder(Array.from({ length: c.num_hidden_layers }, (_, i) => BertLayer.load(w.sub('layer').sub(i), c)));
  }

  /** [B, T, H] -> [B, T, H]. BERT is post-norm: the last layer's output is the final hidden state. */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D, trace?: EncoderTrace): tf.Tensor3D {
    let h = hidden;
    for (const [i, layer] of this.layer.entries()) {   // a plain loop: easy to print, slice or break out of
      trace?.hiddenStates?.push(h);
      h = runLayer(`BertLayer ${i}`, layer, h, maskBias, trace, i > 0);   // i > 0: h is an earlier layer's output
    }
    trace?.hiddenStates?.push(h);
    return h;
  }
}
