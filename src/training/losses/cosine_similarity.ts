// mirrors sentence_transformer/losses/cosine_similarity.py :: CosineSimilarityLoss
// loss = MSE(cos(u, v), label): (sentence1, sentence2) pairs with a score in [0, 1].
import * as tf from '@tensorflow/tfjs-core';
import { pairwiseCosSim } from '../../functional/similarity.js';
import { EmbeddingLoss, labelVector, type Labels } from './loss.js';

export class CosineSimilarityLoss extends EmbeddingLoss {
  readonly name = 'CosineSimilarityLoss';

  compute([u, v]: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    const cos = pairwiseCosSim(u!, v!);                                          // [B]
    return tf.mean(tf.squaredDifference(cos, labelVector(labels, u!.shape[0], this.name)));
  }
}
