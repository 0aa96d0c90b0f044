// What every loss in this folder is (sentence_transformers.losses, one class per file there):
// a function of the embeddings of a batch's text columns and its labels. The trainer gives each
// loss an Embedder (the model's forward on a list of texts) and asks for the loss and the
// gradients of the trainable variables; most losses get both from one tf.variableGrads around
// the forward and compute(), CachedMultipleNegativesRankingLoss splits that into mini-batches.
import * as tf from '@tensorflow/tfjs-core';

/** The model's forward on texts: sentence embeddings [N, D], recorded on the gradient tape. */
export type Embedder = (texts: readonly string[]) => tf.Tensor2D;

/** Labels as the dataset holds them: one score or class id per row, or a vector per row (MSELoss). */
export type Labels = readonly number[] | readonly (readonly number[])[];

export interface LossBatch {
  /** One list of texts per input column, in the dataset's column order (every column but the label). */
  columns: readonly (readonly string[])[];
  labels?: Labels;
}

export interface LossAndGradients {
  /** Scalar; the caller's (dispose it). */
  value: tf.Scalar;
  /** Keyed by variable name (tf.variableGrads); variables the loss does not reach are absent. */
  grads: tf.NamedTensorMap;
}

export interface Loss {
  /** The reference's class name, e.g. "CoSENTLoss". */
  readonly name: string;
  /** Weights that belong to the loss itself (SoftmaxLoss's classifier); trained with the model's. */
  readonly variables: readonly tf.Variable[];
  lossAndGradients(embed: Embedder, batch: LossBatch, variables: readonly tf.Variable[]): LossAndGradients;
  /** Frees the loss's own variables. */
  dispose(): void;
}

/** A loss that is a function of the column embeddings: compute() is recorded on the tape. */
export abstract class EmbeddingLoss implements Loss {
  abstract readonly name: string;
  readonly variables: readonly tf.Variable[] = [];

  /** embeddings[c] is column c's [B, D]; labels as in the batch. Returns the scalar loss. */
  abstract compute(embeddings: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar;

  lossAndGradients(embed: Embedder, batch: LossBatch, variables: readonly tf.Variable[]): LossAndGradients {
    return tf.variableGrads(() => this.compute(batch.columns.map((c) => embed(c)), batch.labels), [...variables]);
  }

  dispose(): void {
    tf.dispose([...this.variables]);
  }
}

/** The labels as numbers, one per row; throws naming the loss when there are none or the count is off. */
export function labelArray(labels: Labels | undefined, rows: number, loss: string): number[] {
  if (labels === undefined) throw new Error(`${loss} needs a label column (one number per row)`);
  if (labels.length !== rows || labels.some((l) => typeof l !== 'number')) {
    throw new Error(`${loss} expects ${rows} labels (one number per example), found ${labels.length}`);
  }
  return labels as number[];
}

/** labelArray as a [B] float32 tensor. */
export function labelVector(labels: Labels | undefined, rows: number, loss: string): tf.Tensor1D {
  return tf.tensor1d(labelArray(labels, rows, loss), 'float32');
}

/**
 * log Σ exp(x) over `axis`, stable (the max subtracted first), with torch's gradient dy·softmax(x).
 * tf.logSumExp would also backpropagate through the max it subtracts, which cancels only up to rounding.
 */
export function logSumExp(x: tf.Tensor, axis: number): tf.Tensor {
  const f = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const m = tf.max(input, axis, true);
    const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(input, m)), axis, true)), m);
    save([input, lse]);
    return {
      value: tf.squeeze(lse, [axis]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(tf.expandDims(dy, axis), tf.exp(tf.sub(saved[0]!, saved[1]!))),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x);
}

/** Rows [start, start + size) of a [N, D] tensor. */
export function rows(x: tf.Tensor2D, start: number, size: number): tf.Tensor2D {
  return tf.slice(x, [start, 0], [size, -1]);
}
