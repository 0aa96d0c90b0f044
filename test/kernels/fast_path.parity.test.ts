// The fast CPU path keeps parity: every tiny fixture model with the fast wasm kernels, and the
// real all-MiniLM-L6-v2 through the worker pool with token-length batches, against the
// reference's sentence embeddings (goldens written by sentence-transformers), within the wasm
// tolerance. Real model: .cache from `npm run fetch-model`; SBERT_REAL_MODEL=skip leaves it out.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { restoreStockKernels, useFastKernels } from '../../src/kernels/index.js';
import { encodeBatched } from '../../src/parallel/batching.js';
import { EncodePool } from '../../src/parallel/encode_pool.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { loadGoldens, loadRealGoldens, REAL_MODEL_DIR, requireRealModel, tinyModelDir, TINY_MODELS } from '../helpers/goldens.js';
import { WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

/** Contract tolerance on wasm. */
const MIN_COSINE = 0.99999;
/** Real-model sentences checked through the pool (the first N unique STSb test sentences). */
const REAL_SLICE = 600;
const SKIP_REAL = process.env['SBERT_REAL_MODEL'] === 'skip';

function worstRow(got: Float32Array[], want: Float32Array, dim: number): { maxAbs: number; minCos: number } {
  let maxAbs = 0;
  let minCos = 1;
  got.forEach((v, i) => {
    const w = want.subarray(i * dim, (i + 1) * dim);
    maxAbs = Math.max(maxAbs, maxAbsDiff(v, w));
    let dot = 0, nv = 0, nw = 0;
    for (let k = 0; k < dim; k++) {
      dot += v[k]! * w[k]!; nv += v[k]! ** 2; nw += w[k]! ** 2;
    }
    minCos = Math.min(minCos, dot / Math.sqrt(nv * nw));
  });
  return { maxAbs, minCos };
}

beforeAll(async () => {
  useFastKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => restoreStockKernels());

describe.each(TINY_MODELS)('%s with the fast wasm kernels', (name) => {
  it('every sentence within the wasm tolerance, character and token-length batches', async () => {
    const g = loadGoldens(name);
    const want = g.tensor('sentence_embedding');
    const dim = want.shape[1]!;
    const model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir(name)));
    try {
      for (const sortBy of ['characters', 'tokens'] as const) {
        const got = await encodeBatched(model, g.meta.sentences, { batchSize: 4, sortBy });
        expect(worstRow(got, want.data as Float32Array, dim).maxAbs).toBeLessThan(WASM_ATOL);
      }
    } finally {
      model.dispose();
    }
  });
});

describe.skipIf(SKIP_REAL)('all-MiniLM-L6-v2 through EncodePool (2 workers, fast kernels, token-length batches)', () => {
  it(`first ${REAL_SLICE} STSb test sentences within ${WASM_ATOL} and cosine >= ${MIN_COSINE}`, async () => {
    requireRealModel(); // fails naming `npm run fetch-model`
    const g = loadRealGoldens();
    const sentences = g.meta.sentences.slice(0, REAL_SLICE);
    const want = g.tensor('sentence_embedding');
    const pool = await EncodePool.create({ modelDir: REAL_MODEL_DIR, workers: 2, backend: 'wasm', fastKernels: true });
    try {
      const got = await pool.encode(sentences, { batchSize: 32, sortBy: 'tokens' });
      const { maxAbs, minCos } = worstRow(got, want.data as Float32Array, want.shape[1]!);
      console.info(`fast path vs reference on ${sentences.length} sentences: max abs ${maxAbs.toExponential(2)}, min cosine ${minCos.toFixed(9)}`);
      expect(maxAbs).toBeLessThan(WASM_ATOL);
      expect(minCos).toBeGreaterThanOrEqual(MIN_COSINE);
    } finally {
      await pool.close();
    }
  }, 900_000);
});
