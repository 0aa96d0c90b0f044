// mirrors modeling_distilbert.py :: Transformer (keys: transformer.layer.{i}.*)
import type * as tf from '@tensorflow/tfjs-core';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { runLayer } from '../trace.js';
import type { EncoderTrace } from '../trace.js';
import { TransformerBlock } from './transformer_block.js';

export class DistilBertTransformer {
  /** A plain array: slice it to truncate, assign an element to swap a block. */
  constructor(public layer: TransformerBlock[]) {}

  static load(w: WeightScope, c: DistilBertConfig): DistilBertTransformer {
    return new DistilBertTransformer(Array.from({ length: c.n_layers }, (_, i) => TransformerBlock.load(w.sub('layer').sub(i), c)));
  }

  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D, trace?: EncoderTrace): tf.Tensor3D {
    let h = hidden;
    for (const [i, layer] of this.layer.entries()) {
      trace?.hiddenStates?.push(h);
      h = runLayer(`TransformerBlock ${i}`, layer, h, maskBias, trace, i > 0);   // i > 0: h is an earlier layer's output
    }
    trace?.hiddenStates?.push(h);
    return h;
  }
}
