// The cross-encoder evaluators on the tiny cross-encoders equal the reference's metrics
// (goldens/cross_encoders.json eval.metrics, written by sentence-transformers 6.2.0's
// CrossEncoderRerankingEvaluator / ClassificationEvaluator / CorrelationEvaluator) within 1e-6,
// with the same keys in the same order.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrossEncoder } from '../../src/cross_encoder/cross_encoder.js';
import {
  CrossEncoderClassificationEvaluator, CrossEncoderCorrelationEvaluator, CrossEncoderRerankingEvaluator, f1Averages, mrrAtK, ndcgAtK,
} from '../../src/cross_encoder/evaluation/index.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { crossEncoderDir, crossEncoderGoldens, type Metrics } from './goldens.js';

const METRIC_ATOL = 1e-6;
const g = crossEncoderGoldens().meta;
const data = g.eval.data;
const DIFFS: Record<string, number> = {};
afterAll(() => console.log(`cross-encoder evaluator max abs diff: ${JSON.stringify(DIFFS)}`));

function expectMetrics(got: Metrics, want: Metrics, label: string): void {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  let worst = 0;
  for (const [k, v] of Object.entries(want)) worst = Math.max(worst, Math.abs(got[k]! - v));
  DIFFS[label] = worst;
  expect(worst).toBeLessThan(METRIC_ATOL);
}

const models = Object.keys(g.eval.metrics);

describe.each(models)('%s', (name) => {
  const want = g.eval.metrics[name]!;
  let ce: CrossEncoder;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    ce = await CrossEncoder.fromSource(nodeSource(crossEncoderDir(name)));
  });
  afterAll(() => ce.dispose());

  it.runIf(want['reranking'] !== undefined)('CrossEncoderRerankingEvaluator: positive/negative samples (map, mrr@10, ndcg@10)', async () => {
    const e = new CrossEncoderRerankingEvaluator(data.rerank_positive_negative);
    expect(e.primaryMetric).toBe('ndcg@10');
    expectMetrics(await e.evaluate(ce), want['reranking']!, `${name}/reranking`);
  });

  it.runIf(want['reranking_documents'] !== undefined)('CrossEncoderRerankingEvaluator: retrieved documents, at_k 5, named (base_* too)', async () => {
    const e = new CrossEncoderRerankingEvaluator(data.rerank_documents, { atK: 5, name: 'docs' });
    expectMetrics(await e.evaluate(ce), want['reranking_documents']!, `${name}/reranking_documents`);
  });

  it('CrossEncoderClassificationEvaluator', async () => {
    const binary = ce.numLabels === 1;
    const e = new CrossEncoderClassificationEvaluator(data.pairs, binary ? data.binary_labels : data.ternary_labels, binary ? {} : { name: 'nli' });
    expectMetrics(await e.evaluate(ce), want['classification']!, `${name}/classification`);
    expect(e.primaryMetric).toBe(binary ? 'average_precision' : 'nli_f1_macro');
  });

  it.runIf(want['correlation'] !== undefined)('CrossEncoderCorrelationEvaluator (pearson, spearman)', async () => {
    const e = new CrossEncoderCorrelationEvaluator(data.pairs, data.scores, { name: 'sts' });
    expectMetrics(await e.evaluate(ce), want['correlation']!, `${name}/correlation`);
  });
});

describe('ranking and F1 metrics by hand', () => {
  it('mrrAtK: first relevant in the top k; equal scores put the later document first (numpy argsort reversed)', () => {
    expect(mrrAtK([0, 1, 0], [0.9, 0.5, 0.1], 10)).toBe(0.5);
    expect(mrrAtK([0, 1, 0], [0.9, 0.5, 0.1], 1)).toBe(0);
    expect(mrrAtK([1, 0], [0.5, 0.5], 10)).toBe(0.5);
  });

  it('ndcgAtK: ideal order 1, all irrelevant 0, tied scores share their gain', () => {
    expect(ndcgAtK([1, 0, 0], [3, 2, 1], 10)).toBe(1);
    expect(ndcgAtK([0, 0], [1, 2], 10)).toBe(0);
    // Two tied documents, one relevant: gain 0.5 over discounts 1 and 1/log2(3).
    expect(ndcgAtK([1, 0], [1, 1], 10)).toBeCloseTo((0.5 * (1 + 1 / Math.log2(3))) / 1, 12);
  });

  it('f1Averages: macro, micro (= accuracy), weighted by support', () => {
    const f = f1Averages([0, 0, 1, 2], [0, 1, 1, 1]);
    // label 0: tp 1 fn 1 -> 2/3; label 1: tp 1 fp 2 -> 0.5; label 2: fn 1 -> 0.
    expect(f.f1_macro).toBeCloseTo((2 / 3 + 0.5 + 0) / 3, 12);
    expect(f.f1_micro).toBeCloseTo(0.5, 12);
    expect(f.f1_weighted).toBeCloseTo((2 / 3) * 0.5 + 0.5 * 0.25, 12);
  });
});
