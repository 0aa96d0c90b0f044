// AdamW, gradient clipping and the warmup schedule against the reference (test/fixtures/training/
// adamw.*, written by test/reference/fixture_training.py): 4 steps of torch's clip_grad_norm_ +
// torch.optim.AdamW(fused) with decay / no-decay groups + transformers' linear warmup schedule.
// Every parameter after every step within 1e-6; the learning rates exactly.
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, clipGradNorm } from '../../src/training/optimizer.js';
import { learningRateAt, warmupSteps } from '../../src/training/schedule.js';
import { decays } from '../../src/training/trainable.js';
import { readSafetensorsFile } from '../helpers/goldens.js';
import { TRAINING_DIR } from './goldens.js';

interface AdamwMeta {
  lr: number; weight_decay: number; betas: [number, number]; eps: number; max_grad_norm: number;
  steps: number; warmup_ratio: number; warmup_steps: number; params: Record<string, number[]>; no_decay: string[];
}

const meta = JSON.parse(readFileSync(join(TRAINING_DIR, 'adamw.json'), 'utf-8')) as AdamwMeta;
const ref = readSafetensorsFile(join(TRAINING_DIR, 'adamw.safetensors'));
const tensorOf = (key: string) => {
  const g = ref.get(key);
  if (g === undefined) throw new Error(`${key} missing from adamw.safetensors`);
  return tf.tensor(g.data, [...g.shape]);
};

describe('AdamW + clip_grad_norm_ + linear warmup vs torch', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('the schedule: warmup steps and each step\'s learning rate', () => {
    expect(warmupSteps(meta.steps, meta.warmup_ratio)).toBe(meta.warmup_steps);
    for (let k = 1; k <= meta.steps; k++) {
      // The goldens come back as float32 (test/helpers/goldens.ts): compare at that precision.
      expect(Math.fround(learningRateAt(k, meta.lr, meta.warmup_steps, meta.steps))).toBe(ref.get(`lr.${k}`)!.data[0]!);
    }
  });

  it('the decay groups follow the Trainer\'s name rule', () => {
    const noDecay = Object.keys(meta.params).filter((n) => !decays(n, {}));
    expect(noDecay).toEqual(meta.no_decay);
  });

  it('every parameter after every step within 1e-6', () => {
    const names = Object.keys(meta.params);
    const before = tf.memory().numTensors;
    const params = names.map((n) => {
      const t = tensorOf(`param.${n}`);
      const variable = tf.variable(t);
      t.dispose();
      return { name: n, variable, decay: !meta.no_decay.includes(n) };
    });
    const opt = new AdamW(params, { lr: meta.lr, weightDecay: meta.weight_decay, betas: meta.betas, eps: meta.eps });
    let worst = 0;
    for (let k = 1; k <= meta.steps; k++) {
      const grads = Object.fromEntries(params.map((p) => [p.variable.name, tensorOf(`grad.${k}.${p.name}`)]));
      const { grads: clipped } = clipGradNorm(grads, meta.max_grad_norm);
      opt.step(clipped, learningRateAt(k, meta.lr, meta.warmup_steps, meta.steps));
      tf.dispose(Object.values(clipped));
      for (const p of params) {
        const want = ref.get(`after.${k}.${p.name}`)!.data;
        const got = p.variable.dataSync();
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
      }
    }
    console.info(`AdamW: ${meta.steps} steps (lr ${meta.lr}, warmup ${meta.warmup_steps}), max abs diff of the parameters vs torch ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
    // The parameters moved: the comparison is not of unchanged values.
    const moved = tf.tidy(() => tf.max(tf.abs(tf.sub(params[0]!.variable, tensorOf(`param.${params[0]!.name}`)))).dataSync()[0]!);
    expect(moved).toBeGreaterThan(1e-3);
    opt.dispose();
    tf.dispose(params.map((p) => p.variable));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('clip_grad_norm_ scales by max_norm / (norm + 1e-6), capped at 1', () => {
    const { grads, totalNorm } = clipGradNorm({ a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }, 1);
    expect(totalNorm).toBeCloseTo(5, 6);
    expect(Array.from(grads['a']!.dataSync())[0]).toBeCloseTo(3 / (5 + 1e-6), 7);
    const { grads: small } = clipGradNorm({ a: tf.tensor1d([0.3]) }, 1);
    expect(small['a']!.dataSync()[0]).toBeCloseTo(0.3, 7);
    tf.dispose([...Object.values(grads), ...Object.values(small)]);
  });
});
