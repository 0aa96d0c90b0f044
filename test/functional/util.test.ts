import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { communityDetection, paraphraseMining, quantizeEmbeddings, semanticSearch } from '../../src/util/index.js';
import { UTIL_GOLDENS as G } from './util_goldens.js';

// Scores are float32 on both sides; ids must match exactly.
const SCORE_ATOL = 1e-6;

function expectHits(got: { corpus_id: number; score: number }[][], want: { corpus_id: number; score: number }[][]): void {
  expect(got.map((q) => q.map((h) => h.corpus_id))).toEqual(want.map((q) => q.map((h) => h.corpus_id)));
  got.forEach((q, i) => q.forEach((h, j) => expect(Math.abs(h.score - want[i]![j]!.score)).toBeLessThan(SCORE_ATOL)));
}

describe('semanticSearch', () => {
  it('chunked top-3 (query chunk 2, corpus chunk 7)', () => {
    expectHits(semanticSearch(G.queries, G.embeddings, { topK: 3, queryChunkSize: 2, corpusChunkSize: 7 }), G.semantic_search['top3_chunked']!);
  });
  it('top-5 cosine and dot, from a tensor', () => {
    const e = tf.tensor2d(G.embeddings);
    expectHits(semanticSearch(G.queries, e, { topK: 5 }), G.semantic_search['top5']!);
    expectHits(semanticSearch(G.queries, e, { topK: 5, scoreFunction: 'dot' }), G.semantic_search['top5_dot']!);
    expect(e.isDisposed).toBe(false);
    e.dispose();
  });
  it('top_k larger than the corpus returns the whole corpus ranked', () => {
    expectHits(semanticSearch(G.queries, G.embeddings, { topK: 100 }), G.semantic_search['top100']!);
  });
  it('exact ties: same scores as the reference, lower corpus id first (the reference leaves their order to torch.topk)', () => {
    const corpus = [G.a[0]!, G.a[1]!, G.a[0]!, G.a[2]!, G.a[0]!];
    const hits = semanticSearch([G.a[0]!], corpus, { topK: 3 })[0]!;
    expect(hits.map((h) => h.corpus_id)).toEqual([0, 2, 4]);
    for (const h of hits) expect(h.score).toBeCloseTo(1, 6);
  });
  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    semanticSearch(G.queries, G.embeddings, { topK: 3, corpusChunkSize: 5 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('paraphraseMining', () => {
  for (const [key, opts] of [
    ['default', {}],
    ['small', { queryChunkSize: 5, corpusChunkSize: 9, maxPairs: 20, topK: 3 }],
  ] as const) {
    it(key, () => {
      const got = paraphraseMining(G.embeddings, opts);
      const want = G.paraphrase_mining[key]!;
      expect(got.map(([, i, j]) => [i, j])).toEqual(want.map(([, i, j]) => [i, j]));
      got.forEach(([s], k) => expect(Math.abs(s - want[k]![0])).toBeLessThan(SCORE_ATOL));
    });
  }
});

describe('communityDetection', () => {
  it.each([
    ['t075_m5', { threshold: 0.75, minCommunitySize: 5 }],
    ['t09_m3_b7', { threshold: 0.9, minCommunitySize: 3, batchSize: 7 }],
    ['t05_m10', { threshold: 0.5, minCommunitySize: 10 }],
  ] as const)('%s', (key, opts) => {
    expect(communityDetection(G.embeddings, opts)).toEqual(G.community_detection[key]);
  });
  it('fewer embeddings than the minimum size gives no community', () => {
    expect(communityDetection(G.embeddings.slice(0, 3), { minCommunitySize: 5 })).toEqual([]);
  });
});

describe('quantizeEmbeddings', () => {
  it.each(['int8', 'uint8', 'binary', 'ubinary'] as const)('%s with ranges from the embeddings', (p) => {
    const got = quantizeEmbeddings(G.embeddings, p).map((r) => Array.from(r));
    expect(got).toEqual(G.quantize[p]);
  });
  it.each(['int8', 'uint8'] as const)('%s with calibration embeddings', (p) => {
    const got = quantizeEmbeddings(G.embeddings.slice(0, 6), p, { calibrationEmbeddings: G.quantize_calibrated.calibration });
    expect(got.map((r) => Array.from(r))).toEqual(G.quantize_calibrated[p]);
  });
  it('refuses int8 ranges from a single embedding', () => {
    expect(() => quantizeEmbeddings(G.embeddings.slice(0, 1), 'int8')).toThrow(/single embedding/);
  });
});
