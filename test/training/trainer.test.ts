// The minimal trainer: epochs and max steps, the schedule per step, a seeded batch order
// (same seed, same losses), the reference's label column names, and no tensors left behind.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { CosineSimilarityLoss } from '../../src/training/losses/index.js';
import { learningRateAt } from '../../src/training/schedule.js';
import { SentenceTransformerTrainer, splitColumns, type StepLog, type TrainingArguments } from '../../src/training/trainer.js';
import { tinyModelDir } from '../helpers/goldens.js';

const DATASET = {
  sentence1: ['A man is playing a flute.', 'Two dogs run across a field.', 'The cat sleeps on the sofa.', 'A woman slices an onion.',
    'A child reads a book.', 'It is raining in Paris.', 'The stock market fell today.', 'Two men play chess.'],
  sentence2: ['A man plays the flute.', 'Dogs are running outside.', 'A kitten naps on a couch.', 'Someone cuts vegetables.',
    'A kid is reading.', 'Paris is sunny.', 'Stocks dropped sharply.', 'A chess game in the park.'],
  score: [0.9, 0.8, 0.7, 0.6, 0.9, 0.1, 0.8, 0.5],
};

async function train(args: TrainingArguments): Promise<{ logs: StepLog[]; callbacks: number; moved: number }> {
  const model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir('tiny-bert')));
  const first = tf.tidy(() => model.forwardBatch(['A man is playing a flute.']).sentence_embedding!.dataSync());
  const before = tf.memory().numTensors;
  let callbacks = 0;
  const logs = await new SentenceTransformerTrainer(model, DATASET, new CosineSimilarityLoss(), args).train(() => callbacks++);
  expect(tf.memory().numTensors).toBe(before);
  const after = tf.tidy(() => model.forwardBatch(['A man is playing a flute.']).sentence_embedding!.dataSync());
  const moved = Math.max(...Array.from(after, (v, i) => Math.abs(v - first[i]!)));
  model.dispose();
  return { logs, callbacks, moved };
}

describe('SentenceTransformerTrainer', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('reads text columns in order and the score column as labels', () => {
    const { texts, labels, rows } = splitColumns(DATASET);
    expect(texts).toEqual([DATASET.sentence1, DATASET.sentence2]);
    expect(labels).toEqual(DATASET.score);
    expect(rows).toBe(8);
  });

  it('2 epochs of batch 4: 4 steps at the scheduled rates; same seed, same losses', async () => {
    const args = { numTrainEpochs: 2, batchSize: 4, learningRate: 1e-3, warmupRatio: 0.5, seed: 1 };
    const a = await train(args);
    expect(a.logs.map((l) => l.step)).toEqual([1, 2, 3, 4]);
    expect(a.callbacks).toBe(4);
    expect(a.logs.map((l) => l.epoch)).toEqual([0.5, 1, 1.5, 2]);
    expect(a.logs.map((l) => l.learningRate)).toEqual([1, 2, 3, 4].map((k) => learningRateAt(k, 1e-3, 2, 4)));
    expect(a.moved).toBeGreaterThan(0);
    const b = await train(args);
    expect(b.logs.map((l) => l.loss)).toEqual(a.logs.map((l) => l.loss));
    const c = await train({ ...args, seed: 2 });
    expect(c.logs.map((l) => l.loss)).not.toEqual(a.logs.map((l) => l.loss));
  });

  it('maxSteps overrides epochs', async () => {
    const { logs } = await train({ numTrainEpochs: 5, maxSteps: 3, batchSize: 4, shuffle: false });
    expect(logs).toHaveLength(3);
    expect(logs[2]!.totalSteps).toBe(3);
  });
});
