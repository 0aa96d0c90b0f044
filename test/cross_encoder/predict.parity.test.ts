// CrossEncoder.predict / rank of every tiny cross-encoder (test/fixtures/cross_encoders/, saved by
// sentence-transformers 6.2.0) equal the reference's on 256 pairs of torture strings and long
// texts (padded, length-sorted batches; pairs past the max length cut longest_first), within 1e-5
// on cpu and 1e-4 on wasm (test/helpers/tolerances.ts); rank gives the reference's order.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoder } from '../../src/cross_encoder/cross_encoder.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { BACKENDS, CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { CROSS_ENCODERS, crossEncoderDir, crossEncoderGoldens, LEGACY_CROSS_ENCODERS } from './goldens.js';

/** Worst error seen per model and backend, printed at the end for the report. */
const WORST: Record<string, number> = {};
afterAll(() => console.log(`cross-encoder predict max abs error: ${JSON.stringify(WORST)}`));

const g = crossEncoderGoldens();
const pairs = g.meta.pairs;

function record(key: string, err: number): number {
  WORST[key] = Math.max(WORST[key] ?? 0, err);
  return err;
}

const flat = (x: number[] | number[][]): number[] => (x as (number | number[])[]).flat();

const CASES = BACKENDS.flatMap(([b, atol]) => CROSS_ENCODERS.map((m) => [m, b, atol] as const));

describe.each(CASES)('%s on %s', (name, backend, atol) => {
  const meta = g.meta.models[name];
  let ce: CrossEncoder;
  beforeAll(async () => {
    await tf.setBackend(backend);
    ce = await CrossEncoder.fromSource(nodeSource(crossEncoderDir(name)));
  });
  afterAll(() => ce.dispose());

  it('reads labels, activation and max length as the reference', () => {
    expect(ce.numLabels).toBe(meta.num_labels);
    expect(ce.activationFn).toBe(meta.activation_fn);
    expect(ce.maxSeqLength).toBe(meta.max_seq_length);
    expect(ce.id2label).toEqual(Array.from({ length: meta.num_labels }, (_, i) => `LABEL_${i}`));
  });

  it('predict() with the folder activation, batch size 16: every pair within tolerance', async () => {
    const got = await ce.predict(pairs, { batchSize: g.meta.batch_size });
    expect(got).toHaveLength(pairs.length);
    if (meta.num_labels === 1) expect(typeof got[0]).toBe('number');
    else expect(got[0]).toHaveLength(meta.num_labels);
    expect(record(`${name}/${backend}`, maxAbsDiff(flat(got), g.tensor(`${name}.scores`).data))).toBeLessThan(atol);
  });

  it('logits (activation Identity) at batch size 7, and softmax for several labels', async () => {
    const logits = await ce.predict(pairs, { batchSize: 7, activationFn: 'Identity' });
    expect(record(`${name}/${backend}`, maxAbsDiff(flat(logits), g.tensor(`${name}.logits`).data))).toBeLessThan(atol);
    if (meta.num_labels > 1) {
      const soft = await ce.predict(pairs, { batchSize: 32, applySoftmax: true, convertTo: 'float32array' }) as Float32Array[];
      expect(record(`${name}/${backend}`, maxAbsDiff(soft.flatMap((r) => Array.from(r)), g.tensor(`${name}.softmax`).data))).toBeLessThan(atol);
      for (const r of soft) expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
  });

  it('a single pair gives a single result; a tensor result is the caller\'s; nothing else leaks', async () => {
    const want = g.tensor(`${name}.scores`).data;
    const before = tf.memory().numTensors;
    const one = await ce.predict(pairs[3]!);
    const L = meta.num_labels;
    expect(maxAbsDiff(L === 1 ? [one as number] : (one as number[]), Array.from(want.subarray(3 * L, 4 * L)))).toBeLessThan(atol);
    expect(tf.memory().numTensors).toBe(before);
    const t = await ce.predict(pairs.slice(0, 5), { convertTo: 'tensor' });
    expect(t.shape).toEqual(L === 1 ? [5] : [5, L]);
    expect(maxAbsDiff(await t.data(), want.subarray(0, 5 * L))).toBeLessThan(atol);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.runIf(meta.num_labels === 1)('rank() gives the reference order, scores, top-k documents; ties keep corpus order', async () => {
    const { query, documents } = g.meta.rank;
    const ranked = await ce.rank(query, documents, { batchSize: g.meta.batch_size });
    expect(ranked.map((r) => r.corpus_id)).toEqual(meta.rank);
    expect(record(`${name}/${backend}`, maxAbsDiff(ranked.map((r) => r.score), g.tensor(`${name}.rank_scores`).data))).toBeLessThan(atol);
    // documents 2 and 7 are the same text: equal scores, corpus order.
    const dup = ranked.filter((r) => r.corpus_id === 2 || r.corpus_id === 7);
    expect(dup[0]!.score).toBe(dup[1]!.score);
    expect(dup.map((r) => r.corpus_id)).toEqual([2, 7]);
    const top = await ce.rank(query, documents, { topK: 5, returnDocuments: true });
    expect(top).toHaveLength(5);
    expect(top.map(({ corpus_id, text }) => ({ corpus_id, text }))).toEqual(meta.rank_top5);
  });

  it.runIf(meta.num_labels > 1)('rank() refuses a model with several labels', async () => {
    await expect(ce.rank('q', ['d'])).rejects.toThrow(/one label.*has 3/);
  });
});

describe.each(LEGACY_CROSS_ENCODERS)('older layout %s', (folder) => {
  const meta = g.meta.legacy[folder];
  it('takes the activation from config.json and predicts as the reference', async () => {
    await tf.setBackend('cpu');
    const ce = await CrossEncoder.fromSource(nodeSource(crossEncoderDir(folder)));
    try {
      expect(ce.activationFn).toBe(meta.activation_fn);
      expect(ce.settings.activationFrom).toMatch(/config\.json: (sbert_ce_default_activation_function|sentence_transformers\.activation_fn)$/);
      expect(ce.maxSeqLength).toBe(meta.max_seq_length);
      const got = await ce.predict(pairs, { batchSize: 16 });
      expect(record(`${folder}/cpu`, maxAbsDiff(flat(got), g.tensor(`${folder}.scores`).data))).toBeLessThan(CPU_ATOL);
    } finally {
      ce.dispose();
    }
  });
});
