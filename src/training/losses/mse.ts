// mirrors sentence_transformer/losses/mse.py :: MSELoss (embed_distill.py with distance "mse", no
// projection): distillation towards precomputed teacher embeddings given as the label column.
// Every text column is compared with the same teacher vectors; the column losses are averaged.
import * as tf from '@tensorflow/tfjs-core';
import { EmbeddingLoss, type Labels } from './loss.js';

export class MSELoss extends EmbeddingLoss {
  readonly name = 'MSELoss';

  compute(embeddings: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    const rows = embeddings[0]!.shape[0];
    if (labels === undefined || labels.length !== rows || !labels.every((l) => Array.isArray(l))) {
      throw new Error(`MSELoss needs the teacher embeddings as labels: ${rows} vectors, one per row`);
    }
    const teacher = tf.tensor2d(labels as number[][]);                          // [B, D]
    const losses = embeddings.map((e) => tf.mean(tf.squaredDifference(e, teacher)));
    return tf.mean(tf.stack(losses)) as tf.Scalar;
  }
}
