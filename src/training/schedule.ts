// The learning-rate schedule of the reference trainer (transformers optimization.py
// get_linear_schedule_with_warmup): linear warmup from 0 to the base rate, then linear decay to 0.
// The Trainer steps the scheduler after each optimizer step, so optimizer step k (1-based) runs
// at base · factor(k − 1): the first step has learning rate 0 whenever there is a warmup.

/** TrainingArguments.get_warmup_steps: a ratio in [0, 1) of the total, rounded up, or a step count ≥ 1. */
export function warmupSteps(totalSteps: number, warmup: number): number {
  return warmup >= 1 ? Math.floor(warmup) : Math.ceil(totalSteps * warmup);
}

/** _get_linear_schedule_with_warmup_lr_lambda: the multiplier of the base rate after `step` scheduler steps. */
export function linearWarmupFactor(step: number, warmup: number, total: number): number {
  if (step < warmup) return step / Math.max(1, warmup);
  return Math.max(0, (total - step) / Math.max(1, total - warmup));
}

/** The learning rate of optimizer step `k` (1-based) out of `total`, with `warmup` warmup steps. */
export function learningRateAt(k: number, baseLr: number, warmup: number, total: number): number {
  return baseLr * linearWarmupFactor(k - 1, warmup, total);
}
