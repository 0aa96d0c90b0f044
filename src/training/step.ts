// One optimizer step as the transformers Trainer takes it (training_step + the optimizer part of
// its loop): the loss and gradients of one batch, clip_grad_norm_, AdamW at the scheduled learning
// rate. Everything it allocates is freed before it returns: the tensor count is the same after
// every step (test/training/training_step.test.ts runs 200).
import * as tf from '@tensorflow/tfjs-core';
import type { Embedder, Loss, LossBatch } from './losses/loss.js';
import { clipGradNorm, type AdamW, type OptimizedParameter } from './optimizer.js';

export interface StepResult {
  /** The batch's loss before the update. */
  loss: number;
  /** Gradient L2 norm before clipping (the Trainer logs it as grad_norm). */
  gradNorm: number;
}

export interface StepOptions {
  /** The scheduled learning rate of this step. */
  lr: number;
  /** clip_grad_norm_'s max_norm; 0 turns clipping off (TrainingArguments.max_grad_norm: 1.0). */
  maxGradNorm?: number;
}

/**
 * The optimizer entries of a loss's own weights (SoftmaxLoss's classifier, a Linear): the weight
 * decays and the bias does not, the Trainer's name rule on classifier.weight / classifier.bias.
 */
export function lossParameters(loss: Loss): OptimizedParameter[] {
  return loss.variables.map((variable) => ({ variable, decay: variable.rank > 1 }));
}

/** `params`: the model's trainable weights and lossParameters(loss), as the optimizer was built with. */
export async function trainingStep(
  embed: Embedder, loss: Loss, batch: LossBatch, params: readonly OptimizedParameter[], optimizer: AdamW, options: StepOptions,
): Promise<StepResult> {
  const variables = params.map((p) => p.variable);
  const { value, grads } = loss.lossAndGradients(embed, batch, variables);
  const maxNorm = options.maxGradNorm ?? 1.0;
  let clipped: tf.NamedTensorMap = grads;
  let gradNorm = Number.NaN;
  if (maxNorm > 0) ({ grads: clipped, totalNorm: gradNorm } = clipGradNorm(grads, maxNorm));
  optimizer.step(clipped, options.lr);
  tf.dispose(Object.values(clipped));
  const lossValue = (await value.data())[0]!;
  value.dispose();
  return { loss: lossValue, gradNorm };
}
