// mirrors sentence_transformer/losses/triplet.py :: TripletLoss
// loss = mean(relu(d(anchor, positive) − d(anchor, negative) + margin)), Euclidean distance and
// margin 5 by default.
import * as tf from '@tensorflow/tfjs-core';
import { pairwiseCosSim, pairwiseEuclideanSim, pairwiseManhattanSim } from '../../functional/similarity.js';
import { EmbeddingLoss, type Labels } from './loss.js';

export type PairwiseDistance = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor1D;

/** TripletDistanceMetric. */
export const TRIPLET_DISTANCES = {
  COSINE: (a, b) => tf.sub(1, pairwiseCosSim(a, b)),
  EUCLIDEAN: (a, b) => tf.neg(pairwiseEuclideanSim(a, b)),
  MANHATTAN: (a, b) => tf.neg(pairwiseManhattanSim(a, b)),
} as const satisfies Record<string, PairwiseDistance>;

export class TripletLoss extends EmbeddingLoss {
  readonly name = 'TripletLoss';

  constructor(readonly distance: PairwiseDistance = TRIPLET_DISTANCES.EUCLIDEAN, readonly tripletMargin = 5) {
    super();
  }

  compute([anchor, positive, negative]: readonly tf.Tensor2D[], _labels?: Labels): tf.Scalar {
    if (negative === undefined) throw new Error('TripletLoss expects (anchor, positive, negative) columns');
    const dPos = this.distance(anchor!, positive!);
    const dNeg = this.distance(anchor!, negative);
    return tf.mean(tf.relu(tf.add(tf.sub(dPos, dNeg), this.tripletMargin)));
  }
}
