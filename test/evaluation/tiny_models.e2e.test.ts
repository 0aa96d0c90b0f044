// End to end through the TypeScript pipeline: each tiny fixture model encodes the sentences, our
// evaluators score them, and the numbers must equal what the reference's evaluators reported for
// the same model (test/fixtures/eval/*.json, from test/reference/make_eval_goldens.py):
// EmbeddingSimilarityEvaluator on the whole STSb dev set, and the triplet, pair and STS fixtures.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, it } from 'vitest';
import {
  BinaryClassificationEvaluator,
  EmbeddingSimilarityEvaluator,
  TripletEvaluator,
  parseLabelledPairs,
  parseStsBenchmark,
  parseTriplets,
  type Metrics,
} from '../../src/evaluation/index.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { TINY_MODELS, tinyModelDir } from '../helpers/goldens.js';
import { EVAL_FIXTURES, STS_DIR, expectMetricsClose, readFixtureJson } from './helpers.js';

/** Model outputs differ from torch by ~1e-6 (float32, other summation order); metrics follow. */
const E2E_TOL = 1e-4;
/** Larger than the reference's 16 for speed: padding only adds masked positions, so the
 *  embeddings move by float noise (~1e-7), far below E2E_TOL. */
const BATCH = 64;

type Results = Record<string, number | null>;
const stsDev = readFixtureJson<{ results: Record<string, Results> }>('sts-dev.json');
const evaluators = readFixtureJson<{
  sts_small: { sentences1: string[]; sentences2: string[]; scores: number[] };
  cases: Record<string, { results: { triplets: Results; pairs: Results; sts: Results } }>;
}>('evaluators.json');

const dev = parseStsBenchmark(readFileSync(`${STS_DIR}/sts-dev.csv`, 'utf-8'), 'sts-dev.csv');
const triplets = parseTriplets(readFileSync(`${EVAL_FIXTURES}/stsb-triplets.tsv`, 'utf-8'), 'stsb-triplets.tsv', 'tsv');
const pairs = parseLabelledPairs(readFileSync(`${EVAL_FIXTURES}/stsb-pairs.csv`, 'utf-8'), 'stsb-pairs.csv', 'csv');

beforeAll(async () => {
  await tf.setBackend('wasm'); // tiny models: the wasm backend is several times faster than cpu
});

describe.each(TINY_MODELS)('%s through the TS pipeline vs the reference evaluators', (name) => {
  let model: SentenceTransformer;
  beforeAll(async () => {
    model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir(name)));
  });

  it('EmbeddingSimilarityEvaluator on STSb dev (1500 pairs)', async () => {
    const want = stsDev.results[name];
    if (want === undefined) throw new Error(`sts-dev.json has no ${name}: run .venv/bin/python test/reference/make_eval_goldens.py`);
    const e = new EmbeddingSimilarityEvaluator(dev.sentences1, dev.sentences2, dev.scores, { name: 'sts-dev', batchSize: BATCH });
    expectMetricsClose(await e.evaluate(model), want, E2E_TOL);
  });

  it('TripletEvaluator, BinaryClassificationEvaluator and the STS slice on the committed fixtures', async () => {
    const want = evaluators.cases[name]!.results;
    const got: Record<string, Metrics> = {
      triplets: await new TripletEvaluator(triplets.anchors, triplets.positives, triplets.negatives, { batchSize: BATCH }).evaluate(model),
      pairs: await new BinaryClassificationEvaluator(pairs.sentences1, pairs.sentences2, pairs.labels, { batchSize: BATCH }).evaluate(model),
      sts: await new EmbeddingSimilarityEvaluator(evaluators.sts_small.sentences1, evaluators.sts_small.sentences2, evaluators.sts_small.scores, { batchSize: BATCH }).evaluate(model),
    };
    expectMetricsClose(got['triplets']!, want.triplets, E2E_TOL);
    expectMetricsClose(got['pairs']!, want.pairs, E2E_TOL);
    expectMetricsClose(got['sts']!, want.sts, E2E_TOL);
  });
});
