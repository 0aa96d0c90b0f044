// mirrors modeling_mpnet.py :: MPNetEncoder (keys: encoder.layer.{i}.*, encoder.relative_attention_bias.weight)
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { Embedding } from '../../nn/embedding.js';
import { runLayer } from '../trace.js';
import type { EncoderTrace } from '../trace.js';
import { MPNET_POSITION_BUCKETS } from './mpnet_config.js';
import type { MPNetConfig } from './mpnet_config.js';
import { MPNetLayer } from './mpnet_layer.js';
import { positionBuckets } from './relative_position_bucket.js';

export class MPNetEncoder {
  constructor(
    /** A plain array: slice it to truncate, assign an element to swap a layer. */
    public layer: MPNetLayer[],
    /** [relative_attention_num_buckets, num_attention_heads]: one learned score per bucket and head, shared by every layer. */
    public relative_attention_bias: Embedding,
  ) {}

  static load(w: WeightScope, c: MPNetConfig): MPNetEncoder {
    return new MPNetEncoder(
      Array.from({ length: c.num_hidden_layers }, (_, i) => MPNetLayer.load(w.sub('layer').sub(i), c)),
      Embedding.load(w.sub('relative_attention_bias'), c.relative_attention_num_buckets, c.num_attention_heads),
    );
  }

  /** compute_position_bias: relative_attention_bias[bucket(j − i)] for a length-T input -> [1, nh, T, T] */
  computePositionBias(length: number): tf.Tensor4D {
    return tf.tidy('MPNetEncoder.computePositionBias', () => {
      const buckets = tf.tensor2d(positionBuckets(length, MPNET_POSITION_BUCKETS), [length, length], 'int32');  // [T, T]
      const values = this.relative_attention_bias.forward(buckets);            // [T, T, nh]
      return tf.expandDims(tf.transpose(values, [2, 0, 1]), 0) as tf.Tensor4D;  // [1, nh, T, T]
    });
  }

  /**
   * hidden [B, T, H], maskBias [B, 1, 1, T] -> [B, T, H] (post-norm: the last layer's output is the
   * final hidden state). The reference adds the position bias to the scores and then the mask; the
   * mask is 0 or a large negative number, so adding their sum once gives the same scores where the
   * mask is 0 and probabilities of exactly 0 where it is not. The [B, nh, T, T] sum is built once
   * per forward (the reference expands the position bias to the same size).
   */
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D, trace?: EncoderTrace): tf.Tensor3D {
    const bias = tf.tidy('MPNetEncoder.bias', () => tf.add(this.computePositionBias(hidden.shape[1]), maskBias) as tf.Tensor4D);  // [B, nh, T, T]
    let h = hidden;
    for (const [i, layer] of this.layer.entries()) {   // a plain loop: easy to print, slice or break out of
      trace?.hiddenStates?.push(h);
      h = runLayer(`MPNetLayer ${i}`, layer, h, bias, trace, i > 0);    // i > 0: h is an earlier layer's output
    }
    trace?.hiddenStates?.push(h);
    return h;
  }
}
