// The tensor count is stable from step to step: 200 training steps (dropout on, clipping, AdamW
// with the warmup schedule) on a tiny model leave exactly as many tensors as the first step did,
// for a plain loss, GradCache and a loss with its own weights; and the loss goes down.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { seedDropout } from '../../src/nn/dropout.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { CachedMultipleNegativesRankingLoss, CosineSimilarityLoss, SoftmaxLoss, type Loss, type LossBatch } from '../../src/training/losses/index.js';
import { AdamW } from '../../src/training/optimizer.js';
import { learningRateAt, warmupSteps } from '../../src/training/schedule.js';
import { lossParameters, trainingStep } from '../../src/training/step.js';
import { tinyModelDir, type TinyModelName } from '../helpers/goldens.js';

const A = ['A man is playing a flute.', 'Two dogs run across a field.', 'The cat sleeps on the sofa.', 'A woman slices an onion.'];
const B = ['A man plays the flute.', 'Dogs are running outside.', 'It is raining in Paris.', 'Two men play chess in the park.'];

async function run(name: TinyModelName, makeLoss: (dim: number) => Loss, batch: LossBatch, steps: number): Promise<{ counts: number[]; losses: number[] }> {
  const model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir(name)));
  model.train();
  seedDropout(3);
  const loss = makeLoss(model.embeddingDimension);
  const params = [...model.trainableParameters(), ...lossParameters(loss)];
  const opt = new AdamW(params, { lr: 1e-3 });
  const warmup = warmupSteps(steps, 0.1);
  const embed = (t: readonly string[]) => model.forwardBatch(t).sentence_embedding!;
  const counts: number[] = [];
  const losses: number[] = [];
  for (let k = 1; k <= steps; k++) {
    const r = await trainingStep(embed, loss, batch, params, opt, { lr: learningRateAt(k, 1e-3, warmup, steps) });
    losses.push(r.loss);
    counts.push(tf.memory().numTensors);
  }
  opt.dispose();
  loss.dispose();
  model.dispose();
  return { counts, losses };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('training steps leave no tensors behind', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('tiny-bert, CosineSimilarityLoss: 200 steps, the same tensor count after each', async () => {
    const start = tf.memory().numTensors;
    const { counts, losses } = await run('tiny-bert', () => new CosineSimilarityLoss(), { columns: [A, B], labels: [0.9, 0.8, 0.1, 0.2] }, 200);
    expect(new Set(counts).size, `tensor counts ${counts[0]} … ${counts[counts.length - 1]}`).toBe(1);
    expect(tf.memory().numTensors).toBe(start);
    expect(mean(losses.slice(-20))).toBeLessThan(mean(losses.slice(0, 20)));
    console.info(`200 steps: ${counts[0]} tensors after every step; loss ${mean(losses.slice(0, 20)).toFixed(4)} (first 20) -> ${mean(losses.slice(-20)).toFixed(4)} (last 20)`);
  });

  it('tiny-distilbert, CachedMultipleNegativesRankingLoss (mini-batches of 3) and SoftmaxLoss: 30 steps each', async () => {
    const start = tf.memory().numTensors;
    const cached = await run('tiny-distilbert', () => new CachedMultipleNegativesRankingLoss(3), { columns: [A, B] }, 30);
    expect(new Set(cached.counts).size).toBe(1);
    const softmax = await run('tiny-distilbert', (dim) => new SoftmaxLoss(dim, 3), { columns: [A, B], labels: [0, 1, 2, 1] }, 30);
    expect(new Set(softmax.counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(start);
  });
});
