// mirrors torch.optim.AdamW (decoupled weight decay; the transformers Trainer's default optim,
// fused=True, has the same math) and torch.nn.utils.clip_grad_norm_. Defaults are
// SentenceTransformer.fit()'s (sentence_transformer/fit_mixin.py: lr 2e-5, weight_decay 0.01);
// betas and eps are torch's and TrainingArguments' (0.9, 0.999, 1e-8). Which weights decay is
// the Trainer's rule (trainable.ts decays()).
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  /** Base learning rate; step() takes the scheduled one. */
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
}

export interface OptimizedParameter {
  readonly variable: tf.Variable;
  /** false for biases and LayerNorm weights (trainable.ts decays()). */
  readonly decay: boolean;
}

interface Slot {
  readonly p: OptimizedParameter;
  /** First and second moment estimates, like torch's exp_avg / exp_avg_sq. */
  readonly m: tf.Variable;
  readonly v: tf.Variable;
  /** Steps this parameter took (torch keeps the step count per parameter). */
  steps: number;
}

/** A non-trainable variable of zeros shaped like `like` (the zeros tensor's handle is freed). */
function zerosVariable(like: tf.Tensor): tf.Variable {
  const zeros = tf.zerosLike(like);
  const v = tf.variable(zeros, false);
  zeros.dispose();
  return v;
}

export class AdamW {
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  private readonly slots: Slot[];

  constructor(params: readonly OptimizedParameter[], options: AdamWOptions = {}) {
    this.lr = options.lr ?? 2e-5;
    this.betas = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
    this.slots = params.map((p) => ({ p, m: zerosVariable(p.variable), v: zerosVariable(p.variable), steps: 0 }));
  }

  /**
   * One update with learning rate `lr` (the schedule's value for this step). Parameters without a
   * gradient in `grads` (keyed by variable name) are skipped, weight decay included, as torch
   * skips parameters whose .grad is None. `grads` stay the caller's.
   */
  step(grads: tf.NamedTensorMap, lr: number = this.lr): void {
    const [b1, b2] = this.betas;
    for (const s of this.slots) {
      const g = grads[s.p.variable.name];
      if (g === undefined) continue;
      s.steps += 1;
      const bc1 = 1 - b1 ** s.steps;
      const bc2Sqrt = Math.sqrt(1 - b2 ** s.steps);
      const decay = s.p.decay ? this.weightDecay : 0;
      tf.tidy(() => {
        const param = decay === 0 ? s.p.variable : tf.mul(s.p.variable, 1 - lr * decay);   // p ← p·(1 − lr·wd)
        const m = tf.add(tf.mul(s.m, b1), tf.mul(g, 1 - b1));                           // m ← β1·m + (1 − β1)·g
        const v = tf.add(tf.mul(s.v, b2), tf.mul(tf.square(g), 1 - b2));                // v ← β2·v + (1 − β2)·g²
        const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), this.eps);                     // √v / √(1 − β2^t) + eps
        s.m.assign(m);
        s.v.assign(v);
        s.p.variable.assign(tf.sub(param, tf.mul(tf.div(m, denom), lr / bc1)));        // p ← p − lr/(1 − β1^t) · m / denom
      });
    }
  }

  dispose(): void {
    for (const s of this.slots) tf.dispose([s.m, s.v]);
  }
}

/**
 * torch.nn.utils.clip_grad_norm_(max_norm, norm_type 2): the L2 norm of all gradients together;
 * every gradient is scaled by min(1, max_norm / (norm + 1e-6)), the factor applied even when 1.
 * Takes ownership of `grads` (they are disposed) and returns the scaled ones and the norm before.
 */
export function clipGradNorm(grads: tf.NamedTensorMap, maxNorm: number): { grads: tf.NamedTensorMap; totalNorm: number } {
  const names = Object.keys(grads);
  const total = tf.tidy(() => {
    const norms = names.map((n) => tf.norm(grads[n]!));
    return norms.length === 0 ? 0 : tf.norm(tf.stack(norms)).dataSync()[0]!;
  });
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  const scaled: tf.NamedTensorMap = {};
  for (const n of names) {
    scaled[n] = tf.tidy(() => tf.mul(grads[n]!, tf.scalar(coef, 'float32')));
    grads[n]!.dispose();
  }
  return { grads: scaled, totalNorm: total };
}
