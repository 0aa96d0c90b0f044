// EncodePool (worker_threads, one wasm backend per worker) must give exactly the embeddings of
// single-threaded SentenceTransformer.encode: it forms the same length-sorted batches and each
// worker runs one batch as one forward pass. Checked on the committed tiny models, with and
// without the fast kernels, over several batches of mixed lengths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { nodeSource } from '../../src/io/node_file_source.js';
import { restoreStockKernels, useFastKernels } from '../../src/kernels/index.js';
import { encodeBatched, formBatches, tokenSortedIndices } from '../../src/parallel/batching.js';
import { EncodePool } from '../../src/parallel/encode_pool.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';


const TEXTS = [
  'A man is playing a guitar.',
  'Hi',
  'A woman is slicing an onion into thin rings on a wooden cutting board.',
  'The cat sat.',
  'Two dogs run across a snowy field while a third watches from the fence.',
  'Stocks fell sharply on Monday.',
  'a',
  'He said that the meeting, which had been planned for weeks, was cancelled at the last minute.',
  'Birds sing.',
  'Rain is expected tomorrow afternoon.',
];

function modelDir(name: string): string {
  return fileURLToPath(new URL(`../fixtures/models/${name}`, import.meta.url));
}

async function single(name: string, batchSize: number, fast: boolean): Promise<Float32Array[]> {
  if (fast) useFastKernels(); else restoreStockKernels();
  const model = await SentenceTransformer.fromSource(nodeSource(modelDir(name)));
  return (await model.encode(TEXTS, { batchSize })) as Float32Array[];
}

describe('EncodePool', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => restoreStockKernels());

  for (const [name, fast] of [['tiny-bert', true], ['tiny-bert', false], ['tiny-roberta', true]] as const) {
    it(`equals single-threaded encode bit for bit: ${name}, ${fast ? 'fast kernels' : 'stock kernels'}, 2 workers`, async () => {
      const expected = await single(name, 3, fast);
      const pool = await EncodePool.create({ modelDir: modelDir(name), workers: 2, backend: 'wasm', fastKernels: fast });
      try {
        const got = await pool.encode(TEXTS, { batchSize: 3 });
        expect(got.length).toBe(TEXTS.length);
        got.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(expected[i]!)));
      } finally {
        await pool.close();
      }
    });
  }

  it('token-length batches: pool equals single-threaded encodeBatched exactly, and encode within the wasm tolerance', async () => {
    useFastKernels();
    const model = await SentenceTransformer.fromSource(nodeSource(modelDir('tiny-bert')));
    const reference = (await model.encode(TEXTS, { batchSize: 3 })) as Float32Array[];
    const byChars = await encodeBatched(model, TEXTS, { batchSize: 3, sortBy: 'characters' });
    byChars.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(reference[i]!)));
    const byTokens = await encodeBatched(model, TEXTS, { batchSize: 3, sortBy: 'tokens' });
    // other batches, so other summation orders: the wasm budget
    byTokens.forEach((row, i) => expect(maxAbsDiff(row, reference[i]!)).toBeLessThanOrEqual(WASM_ATOL));
    // A token budget of 8 splits these batches further; rows stay in input order, within tolerance.
    const budgeted = await encodeBatched(model, TEXTS, { batchSize: 3, sortBy: 'tokens', tokenBudget: 8 });
    budgeted.forEach((row, i) => expect(maxAbsDiff(row, reference[i]!)).toBeLessThanOrEqual(WASM_ATOL));
    await expect(encodeBatched(model, TEXTS, { tokenBudget: 0 })).rejects.toThrow(/tokenBudget.*positive integer/);
    const pool = await EncodePool.create({ modelDir: modelDir('tiny-bert'), workers: 2, backend: 'wasm', fastKernels: true });
    try {
      const got = await pool.encode(TEXTS, { batchSize: 3, sortBy: 'tokens' });
      got.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(byTokens[i]!)));
      // the same token budget gives the same batches, so the same bits as encodeBatched
      const gotBudget = await pool.encode(TEXTS, { batchSize: 3, sortBy: 'tokens', tokenBudget: 8 });
      gotBudget.forEach((row, i) => expect(Array.from(row)).toEqual(Array.from(budgeted[i]!)));
      await expect(pool.encode(TEXTS, { tokenBudget: -1 })).rejects.toThrow(/tokenBudget/);
    } finally {
      await pool.close();
    }
  });

  it('orders by token count (ties in input order) and cuts consecutive batches', () => {
    expect(tokenSortedIndices([3, 7, 3, 9, 1])).toEqual([3, 1, 0, 2, 4]);
    expect(formBatches([3, 1, 0, 2, 4], 2)).toEqual([[3, 1], [0, 2], [4]]);
  });

  it('with a token budget, stops a batch before rows × its longest text passes the budget', () => {
    const lengths = [70, 60, 10, 10, 10, 200];
    // [5] alone (200 > 130, but a batch takes at least one text); [0] (2 × 70 = 140 > 130); [1, 2] (2 × 60); [3, 4]
    expect(formBatches([5, 0, 1, 2, 3, 4], 4, lengths, 130)).toEqual([[5], [0], [1, 2], [3, 4]]);
    // a budget no batch reaches changes nothing
    expect(formBatches([5, 0, 1, 2, 3, 4], 4, lengths, 10_000)).toEqual(formBatches([5, 0, 1, 2, 3, 4], 4));
  });

  it('reports a worker failure (missing model folder) instead of hanging', async () => {
    await expect(EncodePool.create({ modelDir: modelDir('no-such-model'), workers: 1 })).rejects.toThrow(/encode worker/);
  });

  it('refuses a bad worker count', async () => {
    await expect(EncodePool.create({ modelDir: modelDir('tiny-bert'), workers: 0 })).rejects.toThrow(/workers/);
  });
});
