// Old v0.2 layouts (0_BERT / 0_RoBERTa / 0_DistilBERT folders, legacy pytorch_model.bin, older
// sentence_*_config.json names, boolean pooling keys) as folders and zips: same embeddings as the
// reference's goldens for the same weights.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModelSource } from '../../src/hub/node_resolve.js';
import type { FileSource } from '../../src/io/file_source.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { FIXTURES_DIR, loadGoldens, V02_MODELS } from '../helpers/goldens.js';
import { CPU_ATOL } from '../helpers/tolerances.js';

let cacheDir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  cacheDir = mkdtempSync(join(tmpdir(), 'sbert-v02-'));
});
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

async function expectGoldens(name: string, source: FileSource): Promise<void> {
  const g = loadGoldens(name);
  const want = g.tensor('sentence_embedding');
  const D = want.shape[1]!;
  const model = await SentenceTransformer.fromSource(source);
  try {
    const got = await model.encode(g.meta.sentences, { batchSize: 3 });
    got.forEach((v, i) => {
      const w = (want.data as Float32Array).subarray(i * D, (i + 1) * D);
      let m = 0;
      for (let k = 0; k < D; k++) m = Math.max(m, Math.abs(v[k]! - w[k]!));
      expect(m).toBeLessThan(CPU_ATOL);
    });
  } finally {
    model.dispose();
  }
}

describe.each(V02_MODELS.map((m) => [m]))('%s v0.2', (name) => {
  it('folder read directly', async () => expectGoldens(name, nodeSource(join(FIXTURES_DIR, 'v02', name))));
  it('folder converted into the cache', async () => expectGoldens(name, await resolveModelSource(join(FIXTURES_DIR, 'v02', name), { cacheDir })));
  it('zip converted into the cache', async () => expectGoldens(name, await resolveModelSource(join(FIXTURES_DIR, 'v02', `${name}.zip`), { cacheDir })));
});
