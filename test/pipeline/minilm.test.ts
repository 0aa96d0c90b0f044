// The real all-MiniLM-L6-v2 end to end through SentenceTransformer.load('all-MiniLM-L6-v2')
// (registry name -> the repo's fetch-model folder -> converted into a temp cache) against the
// reference's sentence embeddings of the STSb test sentences (.cache/goldens, `npm run fetch-model`):
// a 200-sentence slice on cpu within 1e-5, every sentence on wasm within 1e-4, and cosine to the
// reference >= 0.99999 for every sentence. Set SBERT_REAL_MODEL=skip to leave it out.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SentenceTransformer } from '../../src/index.node.js';
import { loadRealGoldens, requireRealModel } from '../helpers/goldens.js';
import { CPU_ATOL, WASM_ATOL } from '../helpers/tolerances.js';

const MIN_COSINE = 0.99999;
const CPU_SLICE = 200;
const SKIP = process.env['SBERT_REAL_MODEL'] === 'skip';

const cacheDir = mkdtempSync(join(tmpdir(), 'sbert-minilm-'));
const measured: string[] = [];
afterAll(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  if (measured.length > 0) console.info(`all-MiniLM-L6-v2 sentence embeddings vs reference:\n${measured.join('\n')}`);
});

describe.skipIf(SKIP)('all-MiniLM-L6-v2 sentence embeddings', () => {
  it.each([['cpu', CPU_SLICE, CPU_ATOL], ['wasm', Infinity, WASM_ATOL]] as const)('%s', async (backend, count, atol) => {
    requireRealModel(); // fails naming `npm run fetch-model`
    const g = loadRealGoldens();
    await tf.setBackend(backend);
    const started = Date.now();
    const model = await SentenceTransformer.load('all-MiniLM-L6-v2', { cacheDir });
    const sentences = g.meta.sentences.slice(0, count);
    const got = await model.encode(sentences);
    const seconds = (Date.now() - started) / 1000;
    model.dispose();
    const ref = g.tensor('sentence_embedding');
    const D = ref.shape[1]!;
    let worst = 0;
    let minCos = 1;
    got.forEach((v, i) => {
      const w = (ref.data as Float32Array).subarray(i * D, (i + 1) * D);
      let dot = 0, nv = 0, nw = 0;
      for (let k = 0; k < D; k++) {
        worst = Math.max(worst, Math.abs(v[k]! - w[k]!));
        dot += v[k]! * w[k]!;
        nv += v[k]! ** 2;
        nw += w[k]! ** 2;
      }
      minCos = Math.min(minCos, dot / Math.sqrt(nv * nw));
    });
    measured.push(`  ${backend}: ${sentences.length} sentences, max abs ${worst.toExponential(2)}, min cosine ${minCos.toFixed(9)}, ${seconds.toFixed(1)} s`);
    expect(worst).toBeLessThan(atol);
    expect(minCos).toBeGreaterThanOrEqual(MIN_COSINE);
  }, 900_000);
});
