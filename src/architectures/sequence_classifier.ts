// What a sequence-classification head model (BertForSequenceClassification, ...) offers the
// CrossEncoder, whatever the architecture. Each architecture folder has one head file and names
// its loader in its spec (spec.ts :: ArchitectureSpec.loadSequenceClassifier).
import * as tf from '@tensorflow/tfjs-core';
import type { SequenceClassificationConfig } from '../config/sequence_classification_config.js';
import type { EncoderInputs, EncoderModel } from './types.js';

export type { SequenceClassificationConfig } from '../config/sequence_classification_config.js';

export interface SequenceClassifier {
  /** The base model the head reads (the checkpoint's `bert.` / `roberta.` / `distilbert.` subtree). */
  readonly base: EncoderModel;
  readonly labels: SequenceClassificationConfig;
  /** Synchronous, no tidy (call inside the caller's): logits [B, num_labels]. Inputs are not disposed. */
  forward(inputs: EncoderInputs): tf.Tensor2D;
  /** forward() in its own named tidy: the logits are the caller's. */
  run(inputs: EncoderInputs): tf.Tensor2D;
}

/** The first token's hidden state: hidden [B, T, H] -> [B, H] (the [CLS] / <s> position). */
export function firstToken(hidden: tf.Tensor3D): tf.Tensor2D {
  return tf.squeeze(tf.slice(hidden, [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
}
