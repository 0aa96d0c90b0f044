import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { POOLING_FUNCTIONS, POOLING_MODES } from '../../src/functional/pooling.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { UTIL_GOLDENS as G } from './util_goldens.js';

const P = G.pooling as Record<string, number[][]> & { token_embeddings: number[][][] };

describe('pooling functions equal the reference Pooling module', () => {
  for (const side of ['right', 'left'] as const) {
    it.each(POOLING_MODES.map((m) => [m]))(`%s (${side} padding)`, (mode) => {
      const tokens = tf.tensor3d(P.token_embeddings);
      const mask = tf.tensor2d(P[`mask_${side}`]!, undefined, 'int32');
      const got = POOLING_FUNCTIONS[mode](tokens, mask);
      expect(got.shape).toEqual([4, 8]);
      expect(maxAbsDiff(got.dataSync(), P[`${side}.${mode}`]!.flat())).toBeLessThan(CPU_ATOL);
      tf.dispose([tokens, mask, got]);
    });
  }
});
