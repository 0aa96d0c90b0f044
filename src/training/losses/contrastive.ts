// mirrors sentence_transformer/losses/contrastive.py :: ContrastiveLoss and
// online_contrastive.py :: OnlineContrastiveLoss. Pairs labelled 1 (similar) or 0 (dissimilar);
// distance 1 − cos by default, margin 0.5.
import * as tf from '@tensorflow/tfjs-core';
import { pairwiseCosSim } from '../../functional/similarity.js';
import { EmbeddingLoss, labelArray, labelVector, type Labels } from './loss.js';
import type { PairwiseDistance } from './triplet.js';

/** SiameseDistanceMetric; EUCLIDEAN / MANHATTAN are F.pairwise_distance (which adds eps 1e-6 to the difference). */
export const SIAMESE_DISTANCES = {
  EUCLIDEAN: (a, b) => tf.norm(tf.add(tf.sub(a, b), 1e-6), 2, 1) as tf.Tensor1D,
  MANHATTAN: (a, b) => tf.sum(tf.abs(tf.add(tf.sub(a, b), 1e-6)), 1) as tf.Tensor1D,
  COSINE_DISTANCE: (a, b) => tf.sub(1, pairwiseCosSim(a, b)),
} as const satisfies Record<string, PairwiseDistance>;

export class ContrastiveLoss extends EmbeddingLoss {
  readonly name = 'ContrastiveLoss';

  constructor(readonly distance: PairwiseDistance = SIAMESE_DISTANCES.COSINE_DISTANCE, readonly margin = 0.5, readonly sizeAverage = true) {
    super();
  }

  /** 0.5·(y·d² + (1 − y)·relu(margin − d)²), averaged (or summed without sizeAverage). */
  compute([a, b]: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    const y = labelVector(labels, a!.shape[0], this.name);
    const d = this.distance(a!, b!);
    const losses = tf.mul(0.5, tf.add(tf.mul(y, tf.square(d)), tf.mul(tf.sub(1, y), tf.square(tf.relu(tf.sub(this.margin, d))))));
    return this.sizeAverage ? tf.mean(losses) : tf.sum(losses);
  }
}

export class OnlineContrastiveLoss extends EmbeddingLoss {
  readonly name = 'OnlineContrastiveLoss';

  constructor(readonly distance: PairwiseDistance = SIAMESE_DISTANCES.COSINE_DISTANCE, readonly margin = 0.5) {
    super();
  }

  /**
   * Only the hard pairs count: negatives closer than the farthest positive, positives farther
   * than the closest negative (with no positives / negatives, the other side's mean). Σ d² over
   * those positives + Σ relu(margin − d)² over those negatives. The selection is a mask, as the
   * reference's boolean indexing, so no gradient flows through the thresholds.
   */
  compute([a, b]: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    const y = labelArray(labels, a!.shape[0], this.name);
    const d = this.distance(a!, b!);                                                  // [B]
    const isPos = tf.tensor1d(y.map((l) => l === 1), 'bool');
    const isNeg = tf.tensor1d(y.map((l) => l === 0), 'bool');
    const hasPos = y.includes(1);
    const hasNeg = y.includes(0);
    const meanOf = (m: tf.Tensor1D, count: number) => tf.div(tf.sum(tf.where(m, d, tf.zerosLike(d))), count);
    const maxPos = hasPos ? tf.max(tf.where(isPos, d, tf.fill(d.shape, -Infinity))) : meanOf(isNeg, y.filter((l) => l === 0).length);
    const minNeg = hasNeg ? tf.min(tf.where(isNeg, d, tf.fill(d.shape, Infinity))) : meanOf(isPos, y.filter((l) => l === 1).length);
    const hardNeg = tf.logicalAnd(isNeg, tf.less(d, maxPos));
    const hardPos = tf.logicalAnd(isPos, tf.greater(d, minNeg));
    const zeros = tf.zerosLike(d);
    const positive = tf.sum(tf.where(hardPos, tf.square(d), zeros));
    const negative = tf.sum(tf.where(hardNeg, tf.square(tf.relu(tf.sub(this.margin, d))), zeros));
    return tf.add(positive, negative) as tf.Scalar;
  }
}
