// Similarity functions as in sentence-transformers util/similarity.py. Matrix forms return
// res[i][j] = f(a[i], b[j]) for a [N, D], b [M, D] -> [N, M]; pairwise forms res[i] = f(a[i], b[i])
// for a, b [N, D] -> [N]. Euclidean and Manhattan are *similarities*: negative distances.
import * as tf from '@tensorflow/tfjs-core';
import { l2Normalize } from './normalize.js';

/** res[i][j] = cos(a[i], b[j]). */
export function cosSim(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(l2Normalize(a), l2Normalize(b), false, true); // [N, M]
}

/** res[i][j] = a[i] . b[j]. */
export function dotScore(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(a, b, false, true); // [N, M]
}

/** res[i][j] = -||a[i] - b[j]||_2 (torch.cdist p=2, computed from differences for accuracy). */
export function euclideanSim(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const diff = tf.sub(tf.expandDims(a, 1), tf.expandDims(b, 0)); // [N, M, D]
  return tf.neg(tf.sqrt(tf.sum(tf.square(diff), -1))) as tf.Tensor2D; // [N, M]
}

/** res[i][j] = -||a[i] - b[j]||_1. */
export function manhattanSim(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const diff = tf.sub(tf.expandDims(a, 1), tf.expandDims(b, 0)); // [N, M, D]
  return tf.neg(tf.sum(tf.abs(diff), -1)) as tf.Tensor2D; // [N, M]
}

/** res[i] = cos(a[i], b[i]). */
export function pairwiseCosSim(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(l2Normalize(a), l2Normalize(b)), -1) as tf.Tensor1D; // [N]
}

/** res[i] = a[i] . b[i]. */
export function pairwiseDotScore(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(a, b), -1) as tf.Tensor1D; // [N]
}

/** res[i] = -||a[i] - b[i]||_2. */
export function pairwiseEuclideanSim(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sqrt(tf.sum(tf.square(tf.sub(a, b)), -1))) as tf.Tensor1D; // [N]
}

/** res[i] = -||a[i] - b[i]||_1. */
export function pairwiseManhattanSim(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sum(tf.abs(tf.sub(a, b)), -1)) as tf.Tensor1D; // [N]
}

/** The names config_sentence_transformers.json uses in `similarity_fn_name`. */
export type SimilarityFnName = 'cosine' | 'dot' | 'euclidean' | 'manhattan';

export const SIMILARITY_FUNCTIONS: Readonly<Record<SimilarityFnName, (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D>> = {
  cosine: cosSim,
  dot: dotScore,
  euclidean: euclideanSim,
  manhattan: manhattanSim,
};

export const PAIRWISE_SIMILARITY_FUNCTIONS: Readonly<Record<SimilarityFnName, (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor1D>> = {
  cosine: pairwiseCosSim,
  dot: pairwiseDotScore,
  euclidean: pairwiseEuclideanSim,
  manhattan: pairwiseManhattanSim,
};
