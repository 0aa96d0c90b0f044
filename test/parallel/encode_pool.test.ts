// EncodePool (worker_threads, one wasm backend per worker) must give exactly the embeddings of
// single-threaded SentenceTransformer.encode: it forms the same length-sorted batches and each
// worker runs one batch as one forward pass. Checked on the committed tiny models, with and
// without the SIMD attention kernel, over several batches of mixed lengths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { nodeSource } from '../../src/io/node_file_source.js';
import { restoreStockBatchMatMul, useFastBatchMatMul } from '../../src/kernels/batch_matmul.js';
import { EncodePool } from '../../src/parallel/encode_pool.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';

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
  if (fast) useFastBatchMatMul(); else restoreStockBatchMatMul();
  const model = await SentenceTransformer.fromSource(nodeSource(modelDir(name)));
  return (await model.encode(TEXTS, { batchSize })) as Float32Array[];
}

describe('EncodePool', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => restoreStockBatchMatMul());

  for (const [name, fast] of [['tiny-bert', true], ['tiny-bert', false], ['tiny-roberta', true]] as const) {
    it(`equals single-threaded encode bit for bit: ${name}, ${fast ? 'SIMD attention kernel' : 'stock kernels'}, 2 workers`, async () => {
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

  it('reports a worker failure (missing model folder) instead of hanging', async () => {
    await expect(EncodePool.create({ modelDir: modelDir('no-such-model'), workers: 1 })).rejects.toThrow(/encode worker/);
  });

  it('refuses a bad worker count', async () => {
    await expect(EncodePool.create({ modelDir: modelDir('tiny-bert'), workers: 0 })).rejects.toThrow(/workers/);
  });
});
