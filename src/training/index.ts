// Training: trainable weights and dropout (trainable.ts), the losses of sentence_transformers.losses
// (losses/), AdamW with clipping (optimizer.ts), the linear warmup schedule (schedule.ts) and one
// optimizer step (step.ts).
export { decays, setDropoutTraining, trainableParameters, type TrainableParameter } from './trainable.js';
export { registerTrainingGradients } from './gradients.js';
export * from './losses/index.js';
export { AdamW, clipGradNorm, type AdamWOptions, type OptimizedParameter } from './optimizer.js';
export { learningRateAt, linearWarmupFactor, warmupSteps } from './schedule.js';
export { lossParameters, trainingStep, type StepOptions, type StepResult } from './step.js';
export { seedDropout, dropoutRngState, setDropoutRngState, Dropout, type DropoutRngState } from '../nn/dropout.js';
export { LABEL_COLUMNS, SentenceTransformerTrainer, splitColumns, type Dataset, type StepLog, type TrainingArguments } from './trainer.js';
