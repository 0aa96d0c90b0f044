// Sentence embeddings of every tiny fixture model equal the reference's (goldens written by
// sentence-transformers 6.2.0) within 1e-5 on cpu, for mixed-length batches of any size and order.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { loadGoldens, tinyModelDir, TINY_MODELS } from '../helpers/goldens.js';
import { atolFor, maxAbsDiff } from '../helpers/tolerances.js';

/** Contract tolerances: float32 on the cpu backend, and on wasm (other summation order, SIMD). */
/** Worst error seen per model and backend, printed at the end for the report. */
const WORST: Record<string, number> = {};
afterAll(() => console.log(`tiny parity max abs error: ${JSON.stringify(WORST)}`));

const CASES = (['cpu', 'wasm'] as const).flatMap((b) => TINY_MODELS.map((m) => [m, b, atolFor(b)] as const));

describe.each(CASES)('%s on %s', (name, backend, atol) => {
  const g = loadGoldens(name);
  const want = g.tensor('sentence_embedding');
  const [N, D] = want.shape as [number, number];
  const row = (i: number): Float32Array => (want.data as Float32Array).subarray(i * D, (i + 1) * D);
  let model: SentenceTransformer;
  beforeAll(async () => {
    await tf.setBackend(backend);
    model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir(name)));
  });
  afterAll(() => model.dispose());

  it('loads the modules of modules.json', () => {
    expect(model.embeddingDimension).toBe(g.meta.embedding_dimension);
    expect(model.maxSeqLength).toBe(g.meta.max_seq_length);
  });

  it.each([[1], [3], [32]])('batch size %i: every sentence within tolerance', async (batchSize) => {
    const got = await model.encode(g.meta.sentences, { batchSize });
    expect(got.length).toBe(N);
    let worst = 0;
    got.forEach((v, i) => (worst = Math.max(worst, maxAbsDiff(v, row(i)))));
    WORST[`${name}/${backend}`] = Math.max(WORST[`${name}/${backend}`] ?? 0, worst);
    expect(worst).toBeLessThan(atol);
  });

  it('reversed and shuffled input order gives the same vectors in the caller\'s order', async () => {
    const perm = g.meta.sentences.map((_, i) => i).reverse();
    [perm[0], perm[2]] = [perm[2]!, perm[0]!];
    const got = await model.encode(perm.map((i) => g.meta.sentences[i]!), { batchSize: 3 });
    got.forEach((v, k) => expect(maxAbsDiff(v, row(perm[k]!))).toBeLessThan(atol));
  });

  it('a single string returns a single vector', async () => {
    const one = await model.encode(g.meta.sentences[0]!);
    expect(one).toBeInstanceOf(Float32Array);
    expect(maxAbsDiff(one, row(0))).toBeLessThan(atol);
  });
});
