import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { l2Normalize, NORMALIZE_EPS } from '../../src/functional/normalize.js';
import * as sim from '../../src/functional/similarity.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { UTIL_GOLDENS as G } from './util_goldens.js';

const cases: [string, (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor, string][] = [
  ['cos_sim', sim.cosSim, 'b'],
  ['dot_score', sim.dotScore, 'b'],
  ['euclidean_sim', sim.euclideanSim, 'b'],
  ['manhattan_sim', sim.manhattanSim, 'b'],
  ['pairwise_cos_sim', sim.pairwiseCosSim, 'b_pair'],
  ['pairwise_dot_score', sim.pairwiseDotScore, 'b_pair'],
  ['pairwise_euclidean_sim', sim.pairwiseEuclideanSim, 'b_pair'],
  ['pairwise_manhattan_sim', sim.pairwiseManhattanSim, 'b_pair'],
];

describe('similarity functions equal sentence_transformers.util', () => {
  it.each(cases)('%s', (name, fn, other) => {
    const a = tf.tensor2d(G.a);
    const b = tf.tensor2d(G[other as 'b' | 'b_pair']);
    const got = fn(a, b);
    const want = G.similarity[name]!;
    expect(got.shape).toEqual(Array.isArray(want[0]) ? [want.length, (want[0] as number[]).length] : [want.length]);
    expect(maxAbsDiff(got.dataSync(), (want as number[] | number[][]).flat())).toBeLessThan(CPU_ATOL);
    tf.dispose([a, b, got]);
  });

  it('l2Normalize matches torch normalize, zero rows stay zero (eps 1e-12)', () => {
    expect(NORMALIZE_EPS).toBe(1e-12);
    const x = tf.concat([tf.tensor2d(G.a), tf.zeros([1, 16])]);
    const got = l2Normalize(x);
    expect(maxAbsDiff(got.dataSync(), (G.similarity['normalize'] as number[][]).flat())).toBeLessThan(CPU_ATOL);
    tf.dispose([x, got]);
  });
});
