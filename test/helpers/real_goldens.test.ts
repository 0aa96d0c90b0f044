// Sanity of the real-model reference goldens in .cache/ (written by `npm run fetch-model`).
// Fails (never skips) when the cache is missing, naming the script to run.
import { describe, expect, it } from 'vitest';
import { loadRealGoldens, MPNET_MODEL_NAME, realModelAbsence, realTokenEmbeddings, requireRealModel } from './goldens.js';
import { CPU_ATOL } from './tolerances.js';

/** float32 dot products over 384 terms, recomputed in float64. */
const COS_TOL = 1e-6;

describe('all-MiniLM-L6-v2 reference goldens', () => {
  requireRealModel();
  const g = loadRealGoldens();
  const N = g.meta.sentences.length;
  const D = g.meta.embedding_dimension;
  const emb = g.tensor('sentence_embedding');

  it('has one row per sentence and consistent ragged token embeddings', () => {
    expect(emb.shape).toEqual([N, D]);
    const lengths = g.tensor('lengths').data;
    const offsets = g.tensor('offsets').data;
    expect(offsets[0]).toBe(0);
    for (let i = 0; i < N; i++) {
      expect(lengths[i]).toBe(g.meta.input_ids[i]?.length);
      expect((offsets[i + 1] ?? 0) - (offsets[i] ?? 0)).toBe(lengths[i]);
      expect(lengths[i]).toBeLessThanOrEqual(g.meta.max_seq_length);
    }
    expect(g.tensor('token_embeddings').shape).toEqual([offsets[N], D]);
    expect(realTokenEmbeddings(g, N - 1).length).toBe((lengths[N - 1] ?? 0) * D);
  });

  it('sentence embeddings are unit vectors (the model ends in Normalize)', () => {
    for (let i = 0; i < N; i++) {
      let sq = 0;
      for (let d = 0; d < D; d++) sq += (emb.data[i * D + d] ?? 0) ** 2;
      expect(Math.abs(Math.sqrt(sq) - 1)).toBeLessThan(CPU_ATOL);
    }
  });

  it('stored pair cosines match the embeddings, and the Spearman is the known ~0.82', () => {
    const pairs = g.meta.stsb_test_pairs;
    expect(pairs.length).toBe(g.meta.stsb_test_scores.length);
    pairs.forEach(([a, b], k) => {
      let dot = 0;
      for (let d = 0; d < D; d++) dot += (emb.data[a * D + d] ?? 0) * (emb.data[b * D + d] ?? 0);
      expect(Math.abs(dot - (g.meta.stsb_test_cosine[k] ?? NaN))).toBeLessThan(COS_TOL);
    });
    expect(g.meta.stsb_test_spearman_cosine).toBeGreaterThan(0.8);
    expect(g.meta.stsb_test_spearman_cosine).toBeLessThan(0.84);
  });
});

// all-mpnet-base-v2 (`npm run fetch-model -- all-mpnet-base-v2`): skips, saying why, where absent
// (never in CI, see realModelAbsence).
const MPNET_ABSENT = realModelAbsence(MPNET_MODEL_NAME);
describe.skipIf(MPNET_ABSENT !== undefined)(`${MPNET_MODEL_NAME} reference goldens${MPNET_ABSENT === undefined ? '' : ` (${MPNET_ABSENT})`}`, () => {
  it('768 dims, <s> ... </s> around every sentence, padded with <pad> = 1, token rows consistent', () => {
    requireRealModel(MPNET_MODEL_NAME);
    const g = loadRealGoldens(MPNET_MODEL_NAME);
    const N = g.meta.sentences.length;
    expect(N).toBe(2552);
    expect([g.meta.embedding_dimension, g.meta.max_seq_length]).toEqual([768, 384]);
    expect(g.tensor('sentence_embedding').shape).toEqual([N, 768]);
    const ids = g.tensor('input_ids');
    const mask = g.tensor('attention_mask');
    const T = ids.shape[1]!;
    const offsets = g.tensor('offsets').data;
    expect(g.tensor('token_embeddings').shape).toEqual([offsets[N], 768]);
    g.meta.input_ids.forEach((row, i) => {
      expect([row[0], row.at(-1)]).toEqual([0, 2]);
      expect((offsets[i + 1] ?? 0) - (offsets[i] ?? 0)).toBe(row.length);
      for (let t = 0; t < T; t++) {
        expect(ids.data[i * T + t]).toBe(t < row.length ? row[t] : 1);
        expect(mask.data[i * T + t]).toBe(t < row.length ? 1 : 0);
      }
    });
  });

  it('sentence embedding = normalize(mean of its token embeddings); Spearman the reference\'s 0.8342', () => {
    const g = loadRealGoldens(MPNET_MODEL_NAME);
    const D = 768;
    const emb = g.tensor('sentence_embedding').data;
    let worst = 0;
    for (let i = 0; i < g.meta.sentences.length; i++) {
      const tok = realTokenEmbeddings(g, i);
      const n = tok.length / D;
      const mean = new Float64Array(D);
      for (let t = 0; t < n; t++) for (let d = 0; d < D; d++) mean[d]! += tok[t * D + d]! / n;
      const norm = Math.hypot(...mean);
      for (let d = 0; d < D; d++) worst = Math.max(worst, Math.abs(mean[d]! / norm - emb[i * D + d]!));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(g.meta.stsb_test_spearman_cosine).toBeCloseTo(0.834219, 6);
    expect(g.meta.stsb_test_pearson_cosine).toBeCloseTo(0.8403996, 6);
  });
});
