// Row-lookup GatherV2 (src/kernels/gather.ts) must equal the stock wasm kernel bit for bit (it
// only copies rows) and leave every other gather to the stock kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { gatherRowsInto, restoreStockGather, useFastGather } from '../../src/kernels/gather.js';
import { values } from './reference_math.js';

describe('gatherRowsInto', () => {
  it('copies the indexed rows and refuses out-of-range indices without writing', () => {
    const table = Float32Array.from([0, 1, 10, 11, 20, 21]); // 3 rows × 2
    const out = new Float32Array(6);
    expect(gatherRowsInto(table, 2, [2, 0, 2], out)).toBe(true);
    expect(Array.from(out)).toEqual([20, 21, 0, 1, 20, 21]);
    const untouched = new Float32Array(4).fill(7);
    expect(gatherRowsInto(table, 2, [1, 3], untouched)).toBe(false);
    expect(gatherRowsInto(table, 2, [-1, 0], untouched)).toBe(false);
    expect(Array.from(untouched)).toEqual([7, 7, 7, 7]);
  });
});

describe('useFastGather on the wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => restoreStockGather());

  function both(run: () => tf.Tensor): [Float32Array, Float32Array] {
    restoreStockGather();
    const stock = tf.tidy(() => run().dataSync() as Float32Array);
    useFastGather();
    const fast = tf.tidy(() => run().dataSync() as Float32Array);
    return [stock, fast];
  }

  it('embedding lookups equal the stock kernel bit for bit and leak nothing', () => {
    const table = tf.tensor2d(values(50 * 8, 1), [50, 8]);
    const ids = tf.tensor2d([[1, 49, 0, 7], [3, 3, 12, 0]], [2, 4], 'int32');
    const [stock, fast] = both(() => tf.gather(table, ids));
    expect(Array.from(fast)).toEqual(Array.from(stock));
    useFastGather();
    const before = tf.memory().numTensors;
    tf.tidy(() => tf.gather(table, ids).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([table, ids]);
  });

  it('leaves other gathers (axis 1, 3-D tables) to the stock kernel', () => {
    const t2 = tf.tensor2d(values(6 * 5, 2), [6, 5]);
    const t3 = tf.tensor3d(values(4 * 3 * 2, 3), [4, 3, 2]);
    const idx = tf.tensor1d([2, 0], 'int32');
    for (const run of [() => tf.gather(t2, idx, 1), () => tf.gather(t3, idx, 0)]) {
      const [stock, fast] = both(run);
      expect(Array.from(fast)).toEqual(Array.from(stock));
    }
    tf.dispose([t2, t3, idx]);
  });
});
