// Integrated-gradients completeness on the real all-MiniLM-L6-v2 (npm run fetch-model): the token
// attributions of both texts add up to sim(x) − sim(baseline) within 1% at 50 steps, on cpu.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { attributeSimilarity } from '../../src/research/index.js';
import { REAL_MODEL_NAME, realModelAbsence, realModelDir } from '../helpers/goldens.js';

const absent = realModelAbsence(REAL_MODEL_NAME);

describe.skipIf(absent !== undefined)(`integrated gradients on ${REAL_MODEL_NAME}${absent === undefined ? '' : ` (${absent})`}`, () => {
  let model: SentenceTransformer;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = await SentenceTransformer.fromSource(nodeSource(realModelDir(REAL_MODEL_NAME)));
  });
  afterAll(() => model.dispose());

  // One pair: 50 path points through a 22M-parameter model take minutes on the cpu backend.
  it.each([['pad', 'A man is playing a flute.', 'Someone plays a musical instrument.']] as const)('baseline %s: complete within 1%% at 50 steps', (baseline, a, b) => {
    const before = tf.memory().numTensors;
    const r = attributeSimilarity(model, a, b, { steps: 50, baseline });
    const total = [...r.tokensA, ...r.tokensB].reduce((s, x) => s + x.score, 0);
    const gap = r.similarity - r.baselineSimilarity!;
    console.log(`${REAL_MODEL_NAME} IG (${baseline}): s=${r.similarity.toFixed(6)} s0=${r.baselineSimilarity!.toFixed(6)} sum=${total.toFixed(6)} relative error ${(Math.abs(total - gap) / Math.abs(gap)).toExponential(2)}`);
    expect(Math.abs(total - gap)).toBeLessThan(0.01 * Math.abs(gap));
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);
});
