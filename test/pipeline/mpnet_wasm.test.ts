// The real all-mpnet-base-v2 on the wasm backend: every unique STSb test sentence (2552) through
// SentenceTransformer.load('all-mpnet-base-v2') + encode() within 1e-4 of the reference's sentence
// embeddings (.cache/goldens/all-mpnet-base-v2, `npm run fetch-model -- all-mpnet-base-v2`), and
// cosine to the reference >= 0.99999 for every sentence. With the fast kernels (what `sbert` uses
// by default), batches of 32 sorted by length; 110M parameters on one thread take minutes, hence
// a file of its own (vitest runs files in parallel). Skips, saying why, where the model or its
// goldens are missing (never in CI, see realModelAbsence); SBERT_REAL_MODEL=skip skips it.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreStockKernels, useFastKernels } from '../../src/kernels/index.js';
import { SentenceTransformer } from '../../src/index.node.js';
import { loadRealGoldens, realModelAbsence, requireRealModel } from '../helpers/goldens.js';
import { WASM_ATOL } from '../helpers/tolerances.js';
import { compareRows, encodeRows, MPNET } from './mpnet_common.js';

const MIN_COSINE = 0.99999;
const BATCH = 32;
/** Sentences per encode() call; a yield to vitest's RPC between calls. */
const SLICE = 128;
const SKIP = process.env['SBERT_REAL_MODEL'] === 'skip';
const ABSENT = realModelAbsence(MPNET);
if (ABSENT !== undefined && !SKIP) console.warn(`${MPNET} wasm test ${ABSENT}`);

const cacheDir = mkdtempSync(join(tmpdir(), 'sbert-mpnet-wasm-'));
afterAll(() => {
  restoreStockKernels();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe.skipIf(SKIP || ABSENT !== undefined)(`${MPNET} on wasm${ABSENT === undefined ? '' : ` (${ABSENT})`}`, () => {
  it(`every STSb test sentence within ${WASM_ATOL} of the reference, cosine >= ${MIN_COSINE}`, async () => {
    requireRealModel(MPNET); // fails naming `npm run fetch-model -- all-mpnet-base-v2`
    const g = loadRealGoldens(MPNET);
    useFastKernels();
    expect(await tf.setBackend('wasm')).toBe(true);
    const started = Date.now();
    const model = await SentenceTransformer.load(MPNET, { cacheDir });
    try {
      const rows = g.meta.sentences.map((_, i) => i);
      const { order, got } = await encodeRows(model, g, rows, BATCH, SLICE);
      const { maxAbs, minCos, worstSentence } = compareRows(g, order, got);
      console.info(`${MPNET} on wasm (fast kernels): ${rows.length} sentences, max abs ${maxAbs.toExponential(2)} (sentence ${worstSentence}), ` +
        `min cosine ${minCos.toFixed(9)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(got).toHaveLength(2552);
      expect(maxAbs).toBeLessThan(WASM_ATOL);
      expect(minCos).toBeGreaterThanOrEqual(MIN_COSINE);
    } finally {
      model.dispose();
    }
  }, 2_400_000);
});
