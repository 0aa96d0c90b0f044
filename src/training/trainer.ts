// A minimal SentenceTransformerTrainer (sentence_transformer/trainer.py on transformers' Trainer):
// a dataset of named columns, epochs or max steps, batches in a seeded shuffled order, and per
// step the loss, clip_grad_norm_, AdamW and the linear warmup schedule (step.ts). Not yet here:
// evaluators, checkpoints, saving the model.
import { seedDropout } from '../nn/dropout.js';
import type { SentenceTransformer } from '../pipeline/sentence_transformer.js';
import type { Labels, Loss, LossBatch } from './losses/loss.js';
import { AdamW } from './optimizer.js';
import { learningRateAt, warmupSteps } from './schedule.js';
import { lossParameters, trainingStep } from './step.js';

/** Columns by name, as a datasets.Dataset: texts, or the label column (numbers or vectors). */
export type Dataset = Readonly<Record<string, readonly string[] | Labels>>;

/** The column names the reference reads as labels (trainer.py: label / score and their plurals). */
export const LABEL_COLUMNS: readonly string[] = ['label', 'labels', 'score', 'scores'];

export interface TrainingArguments {
  /** TrainingArguments.num_train_epochs; fit()'s default is 1 (the Trainer's 3). */
  numTrainEpochs?: number;
  /** > 0: stop after this many steps (overrides epochs), as max_steps. */
  maxSteps?: number;
  /** per_device_train_batch_size (the Trainer's default 8). */
  batchSize?: number;
  learningRate?: number;
  weightDecay?: number;
  /** Warmup as a ratio of all steps in [0, 1), or a step count ≥ 1 (warmup_steps). */
  warmupRatio?: number;
  maxGradNorm?: number;
  /** Seed of the batch order and of dropout (TrainingArguments.seed: 42). */
  seed?: number;
  /** Keep the dataset order instead of shuffling (for parity runs with a fixed order). */
  shuffle?: boolean;
}

export interface StepLog {
  /** 1-based optimizer step. */
  step: number;
  totalSteps: number;
  /** Fractional epoch at the end of the step, as the Trainer logs it. */
  epoch: number;
  loss: number;
  learningRate: number;
  gradNorm: number;
}

/** mulberry32: a small seeded generator for the batch order (not torch's: orders differ from the reference's). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function permutation(n: number, random: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Splits a dataset into its text columns (in order) and its label column. */
export function splitColumns(dataset: Dataset): { texts: (readonly string[])[]; labels?: Labels; rows: number } {
  const names = Object.keys(dataset);
  const labelName = names.find((n) => LABEL_COLUMNS.includes(n));
  const texts = names.filter((n) => n !== labelName).map((n) => dataset[n] as readonly string[]);
  const rows = texts[0]?.length ?? 0;
  for (const [i, c] of texts.entries()) {
    if (c.length !== rows || c.some((t) => typeof t !== 'string')) throw new Error(`dataset column ${names.filter((n) => n !== labelName)[i]} must hold ${rows} strings`);
  }
  const labels = labelName === undefined ? undefined : dataset[labelName] as Labels;
  if (labels !== undefined && labels.length !== rows) throw new Error(`dataset column ${labelName} has ${labels.length} rows, the text columns ${rows}`);
  return { texts, ...(labels === undefined ? {} : { labels }), rows };
}

export class SentenceTransformerTrainer {
  constructor(
    readonly model: SentenceTransformer,
    readonly trainDataset: Dataset,
    readonly loss: Loss,
    readonly args: TrainingArguments = {},
  ) {}

  /** Trains in place; calls `onStep` after every optimizer step. Returns every step's log. */
  async train(onStep?: (log: StepLog) => void): Promise<StepLog[]> {
    const a = this.args;
    const batchSize = a.batchSize ?? 8;
    const epochs = a.numTrainEpochs ?? 1;
    const seed = a.seed ?? 42;
    const lr = a.learningRate ?? 2e-5;
    const { texts, labels, rows } = splitColumns(this.trainDataset);
    if (rows === 0) throw new Error('the training dataset is empty');
    const stepsPerEpoch = Math.ceil(rows / batchSize);
    const total = (a.maxSteps ?? 0) > 0 ? a.maxSteps! : stepsPerEpoch * epochs;
    const warmup = warmupSteps(total, a.warmupRatio ?? 0);
    seedDropout(seed);
    const random = generator(seed);
    this.model.train();
    const params = [...this.model.trainableParameters(), ...lossParameters(this.loss)];
    const optimizer = new AdamW(params, { lr, weightDecay: a.weightDecay ?? 0.01 });
    const embed = (t: readonly string[]) => this.model.forwardBatch(t).sentence_embedding!;
    const logs: StepLog[] = [];
    try {
      for (let step = 1, epoch = 0; step <= total; epoch++) {
        const order = a.shuffle === false ? Array.from({ length: rows }, (_, i) => i) : permutation(rows, random);
        for (let start = 0; start < rows && step <= total; start += batchSize, step++) {
          const idx = order.slice(start, start + batchSize);
          const batch: LossBatch = {
            columns: texts.map((c) => idx.map((i) => c[i]!)),
            ...(labels === undefined ? {} : { labels: idx.map((i) => labels[i]!) as Labels }),
          };
          const learningRate = learningRateAt(step, lr, warmup, total);
          const r = await trainingStep(embed, this.loss, batch, params, optimizer, { lr: learningRate, maxGradNorm: a.maxGradNorm ?? 1.0 });
          const log = { step, totalSteps: total, epoch: epoch + Math.min(1, (start + batchSize) / rows), loss: r.loss, learningRate, gradNorm: r.gradNorm };
          logs.push(log);
          onStep?.(log);
        }
      }
    } finally {
      optimizer.dispose();
      this.model.eval();
    }
    return logs;
  }
}
