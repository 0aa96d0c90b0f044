// mirrors sentence_transformer/losses/cosent.py :: CoSENTLoss and angle.py :: AnglELoss
// loss = log(1 + Σ exp(s(k,l) − s(i,j))) over the pairs of rows whose labels satisfy
// label(i,j) > label(k,l), with s = scale · similarity. The reference sorts and uses logcumsumexp
// (O(B log B)); this lists the pairs on the host (the labels are known there) and takes one
// logsumexp over them: the same sum, in a different order.
import * as tf from '@tensorflow/tfjs-core';
import { l2Normalize } from '../../functional/normalize.js';
import { pairwiseCosSim } from '../../functional/similarity.js';
import { EmbeddingLoss, labelArray, logSumExp, type Labels } from './loss.js';

export type PairwiseSimilarity = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor1D;

/** util/similarity.py pairwise_angle_sim: |cos + sin| of the normalized vectors, dims i and i + D/2 paired (D padded to even). */
export function pairwiseAngleSim(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  const d = x.shape[1];
  const pad = (t: tf.Tensor2D) => (d % 2 === 0 ? t : tf.pad(t, [[0, 0], [0, 1]]));
  const nx = l2Normalize(pad(x));
  const ny = l2Normalize(pad(y));
  const half = nx.shape[1] / 2;
  const [firstX, lastX] = tf.split(nx, [half, half], 1) as [tf.Tensor2D, tf.Tensor2D];
  const [firstY, lastY] = tf.split(ny, [half, half], 1) as [tf.Tensor2D, tf.Tensor2D];
  const cosines = tf.sum(tf.mul(nx, ny), 1);                                  // [B]
  const sines = tf.sum(tf.sub(tf.mul(lastX, firstY), tf.mul(firstX, lastY)), 1);  // [B]
  return tf.abs(tf.add(cosines, sines)) as tf.Tensor1D;
}

export class CoSENTLoss extends EmbeddingLoss {
  readonly name: string = 'CoSENTLoss';

  constructor(readonly scale = 20.0, readonly similarity: PairwiseSimilarity = pairwiseCosSim) {
    super();
  }

  compute([a, b]: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    const y = labelArray(labels, a!.shape[0], this.name);
    // (lower, higher): every pair of rows where the second has the strictly greater label.
    const lower: number[] = [];
    const higher: number[] = [];
    y.forEach((li, i) => y.forEach((lj, j) => { if (li < lj) { lower.push(i); higher.push(j); } }));
    const scores = tf.mul(this.similarity(a!, b!), this.scale);                  // [B]
    const terms = lower.length === 0 ? tf.zeros([0])
      : tf.sub(tf.gather(scores, tf.tensor1d(lower, 'int32')), tf.gather(scores, tf.tensor1d(higher, 'int32')));  // [P]
    return logSumExp(tf.concat([tf.zeros([1]), terms]), 0) as tf.Scalar;
  }
}

export class AnglELoss extends CoSENTLoss {
  override readonly name = 'AnglELoss';

  constructor(scale = 20.0) {
    super(scale, pairwiseAngleSim);
  }

  /**
   * Pairs with labels as CoSENT; (anchor, positive, negative…) columns without labels become
   * pairs (anchor, positive) labelled 1 and (anchor, negative_k) labelled 0.
   */
  override compute(embeddings: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    if (embeddings.length <= 2) {
      if (labels === undefined) throw new Error('AnglELoss requires labels for datasets with pairs');
      return super.compute(embeddings, labels);
    }
    const [anchor, ...others] = embeddings as [tf.Tensor2D, ...tf.Tensor2D[]];
    const n = anchor.shape[0];
    const base = labels === undefined ? new Array<number>(n).fill(1) : (labels as number[]);
    const combined = [...base, ...Array.from({ length: others.length - 1 }, () => base.map((l) => 1 - l)).flat()];
    return super.compute([tf.tile(anchor, [others.length, 1]), tf.concat(others, 0)], combined);
  }
}
