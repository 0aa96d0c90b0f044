// The evaluators' metric code, independent of any model: fed the embeddings the reference itself
// computed (stored in test/fixtures/eval/evaluators.json), they must report the reference's metrics.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BinaryClassificationEvaluator,
  EmbeddingSimilarityEvaluator,
  TripletEvaluator,
  parseLabelledPairs,
  parseTriplets,
  type SimilarityFnName,
} from '../../src/evaluation/index.js';
import { TINY_MODELS, tinyModelDir } from '../helpers/goldens.js';
import { EVAL_FIXTURES, METRIC_TOL, decodeEmbeddings, decodeFloat32, expectMetricsClose, readFixtureJson } from './helpers.js';

type Scores = Record<SimilarityFnName, string>;
interface Case {
  similarity_fn_names: SimilarityFnName[];
  embeddings: string;
  scores: { triplets_positive: Scores; triplets_negative: Scores; pairs: Scores; sts: Scores };
  dim: number;
  results: { triplets: Record<string, number>; pairs: Record<string, number>; sts: Record<string, number | null> };
}
const golden = readFixtureJson<{
  model_sha256: Record<string, string>;
  sentences: string[];
  sts_small: { sentences1: string[]; sentences2: string[]; scores: number[] };
  cases: Record<string, Case>;
}>('evaluators.json');

const triplets = parseTriplets(readFileSync(`${EVAL_FIXTURES}/stsb-triplets.tsv`, 'utf-8'), 'stsb-triplets.tsv', 'tsv');
const pairs = parseLabelledPairs(readFileSync(`${EVAL_FIXTURES}/stsb-pairs.csv`, 'utf-8'), 'stsb-pairs.csv', 'csv');

/** Same float32 inputs as the reference: only float64 summation order differs (thresholds then match exactly). */
const EXACT_TOL = 1e-12;

const decodeAll = (s: Scores, fns: readonly SimilarityFnName[]): Partial<Record<SimilarityFnName, Float32Array>> =>
  Object.fromEntries(fns.map((fn) => [fn, decodeFloat32(s[fn])]));

describe('the goldens match the committed tiny models', () => {
  it('every tiny model has goldens computed from its current weights', () => {
    for (const name of TINY_MODELS) {
      const file = `${tinyModelDir(name)}/model.safetensors`;
      const sha = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing';
      if (golden.model_sha256[name] !== sha || golden.cases[name] === undefined) {
        throw new Error(`${file} changed since test/fixtures/eval/ was written: run .venv/bin/python test/reference/make_eval_goldens.py`);
      }
    }
  });
});

describe('metrics from the reference\'s own similarity scores (bit-identical inputs)', () => {
  for (const [name, c] of Object.entries(golden.cases)) {
    const fns = c.similarity_fn_names;
    it(`${name}: triplets, pairs, sts`, () => {
      const t = new TripletEvaluator(triplets.anchors, triplets.positives, triplets.negatives, { similarityFnNames: fns });
      expectMetricsClose(t.metricsFromSimilarities(decodeAll(c.scores.triplets_positive, fns), decodeAll(c.scores.triplets_negative, fns)), c.results.triplets, EXACT_TOL);
      const b = new BinaryClassificationEvaluator(pairs.sentences1, pairs.sentences2, pairs.labels, { similarityFnNames: fns });
      expectMetricsClose(b.metricsFromSimilarities(decodeAll(c.scores.pairs, fns)), c.results.pairs, EXACT_TOL);
      const { sentences1, sentences2, scores } = golden.sts_small;
      const e = new EmbeddingSimilarityEvaluator(sentences1, sentences2, scores, { similarityFnNames: fns });
      expectMetricsClose(e.metricsFromSimilarities(decodeAll(c.scores.sts, fns)), c.results.sts, EXACT_TOL);
    });
  }
});

describe('evaluators on the reference embeddings', () => {
  it('the fixture files hold the expected number of rows', () => {
    expect(triplets.anchors.length).toBe(48);
    expect(pairs.sentences1.length).toBe(80);
    expect(pairs.labels.filter((l) => l === 1).length).toBeGreaterThan(5);
  });

  for (const [name, c] of Object.entries(golden.cases)) {
    describe(name, () => {
      const rows = decodeEmbeddings(c.embeddings, c.dim);
      const table = new Map(golden.sentences.map((s, i) => [s, rows[i]!] as const));
      const embed = (sentences: readonly string[]): Float32Array[] => sentences.map((s) => table.get(s)!);
      const fns = c.similarity_fn_names;

      it('TripletEvaluator', () => {
        const e = new TripletEvaluator(triplets.anchors, triplets.positives, triplets.negatives, { similarityFnNames: fns });
        const got = e.computeMetrics(embed(triplets.anchors), embed(triplets.positives), embed(triplets.negatives));
        expectMetricsClose(got, c.results.triplets, METRIC_TOL);
      });

      it('BinaryClassificationEvaluator', () => {
        const e = new BinaryClassificationEvaluator(pairs.sentences1, pairs.sentences2, pairs.labels, { similarityFnNames: fns });
        expectMetricsClose(e.computeMetrics(embed(pairs.sentences1), embed(pairs.sentences2)), c.results.pairs, METRIC_TOL);
      });

      it('EmbeddingSimilarityEvaluator', () => {
        const { sentences1, sentences2, scores } = golden.sts_small;
        const e = new EmbeddingSimilarityEvaluator(sentences1, sentences2, scores, { similarityFnNames: fns });
        expectMetricsClose(e.computeMetrics(embed(sentences1), embed(sentences2)), c.results.sts, METRIC_TOL);
      });

      it('evaluate() through an encoder gives the same numbers as computeMetrics()', async () => {
        const encoder = { encode: async (texts: string[]) => embed(texts) };
        const e = new BinaryClassificationEvaluator(pairs.sentences1, pairs.sentences2, pairs.labels, { similarityFnNames: fns, name: 'dup' });
        const got = await e.evaluate(encoder);
        const want = Object.fromEntries(Object.entries(c.results.pairs).map(([k, v]) => [`dup_${k}`, v]));
        expectMetricsClose(got, want, METRIC_TOL);
        expect(e.primaryMetric).toBe(fns.length > 1 ? 'dup_max_ap' : `dup_${fns[0]!}_ap`);
      });
    });
  }
});

describe('encoders', () => {
  const e = new EmbeddingSimilarityEvaluator(['a', 'b'], ['c', 'd'], [0.1, 0.9], { similarityFnNames: ['dot'] });
  it('accepts number[] rows and checks the row count and widths', async () => {
    const rows: Record<string, number[]> = { a: [1, 0], b: [0, 1], c: [1, 0], d: [0, 2] };
    const got = await e.evaluate({ encode: async (texts: string[]) => texts.map((t) => rows[t]!) });
    // dot = [1, 2] against gold [0.1, 0.9]: scipy gives exactly 1.0 and 0.9999999999999999.
    expect(got).toEqual({ pearson_dot: 1, spearman_dot: 0.9999999999999999 });
    const constant = await e.evaluate({ encode: async (texts: string[]) => texts.map(() => [1, 1]) });
    expect(constant).toEqual({ pearson_dot: Number.NaN, spearman_dot: Number.NaN }); // scipy: constant input
    await expect(e.evaluate({ encode: async () => [new Float32Array(2)] })).rejects.toThrow(/must return an array of 2 embeddings, got 1 rows/);
    await expect(e.evaluate({ encode: async () => [new Float32Array(2), new Float32Array(3)] })).rejects.toThrow(/row 1 has 3 dimensions/);
  });
});
