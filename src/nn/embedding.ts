// mirrors torch.nn.Embedding: a [num, dim] table indexed by integer ids.
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../io/weight_store.js';

export class Embedding {
  constructor(/** [num, dim] */ public weight: tf.Tensor2D) {}

  static load(w: WeightScope, num: number, dim: number): Embedding {
    return new Embedding(w.get('weight', [num, dim]) as tf.Tensor2D);
  }

  /** ids [B, T] int32 -> [B, T, dim]. padding_idx only matters for training, so it is not kept. */
  forward(ids: tf.Tensor): tf.Tensor {
    return tf.gather(this.weight, ids);
  }
}
