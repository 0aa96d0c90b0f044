// Sentence embeddings of every tiny fixture model equal the reference's (goldens written by
// sentence-transformers 6.2.0) within 1e-5 on cpu, for mixed-length batches of any size and order.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { loadGoldens, tinyModelDir, TINY_MODELS } from '../helpers/goldens.js';

/** Contract tolerances: float32 on the cpu backend, and on wasm (other summation order, SIMD). */
const CPU_ATOL = 1e-5;
const WASM_ATOL = 1e-4;
/** Worst error seen per model and backend, printed at the end for the report. */
const WORST: Record<string, number> = {};
afterAll(() => console.log(`tiny parity max abs error: ${JSON.stringify(WORST)}`));

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const CASES = (['cpu', 'wasm'] as const).flatMap((b) => TINY_MODELS.map((m) => [m, b, b === 'cpu' ? CPU_ATOL : WASM_ATOL] as const));

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
    got.forEach((v, i) => (worst = Math.max(worst, maxAbs(v, row(i)))));
    WORST[`${name}/${backend}`] = Math.max(WORST[`${name}/${backend}`] ?? 0, worst);
    expect(worst).toBeLessThan(atol);
  });

  it('reversed and shuffled input order gives the same vectors in the caller\'s order', async () => {
    const perm = g.meta.sentences.map((_, i) => i).reverse();
    [perm[0], perm[2]] = [perm[2]!, perm[0]!];
    const got = await model.encode(perm.map((i) => g.meta.sentences[i]!), { batchSize: 3 });
    got.forEach((v, k) => expect(maxAbs(v, row(perm[k]!))).toBeLessThan(atol));
  });

  it('a single string returns a single vector', async () => {
    const one = await model.encode(g.meta.sentences[0]!);
    expect(one).toBeInstanceOf(Float32Array);
    expect(maxAbs(one, row(0))).toBeLessThan(atol);
  });
});
