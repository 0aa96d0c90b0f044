// mirrors sentence_transformer/losses/softmax.py :: SoftmaxLoss (SBERT's NLI objective)
// logits = classifier([u; v; |u − v|]) (the default concatenation), loss = cross-entropy(logits, label).
// The classifier is the loss's own Linear, trained with the model and not saved with it.
import * as tf from '@tensorflow/tfjs-core';
import { EmbeddingLoss, labelArray, type Labels } from './loss.js';

export interface SoftmaxLossOptions {
  concatenationSentRep?: boolean;
  concatenationSentDifference?: boolean;
  concatenationSentMultiplication?: boolean;
  /** Initial classifier weights in torch's layout: weight [numLabels, in], bias [numLabels] (copied). */
  classifier?: { weight: tf.Tensor2D; bias: tf.Tensor1D };
  /** Seed of the default initialisation (torch's nn.Linear: U(−1/√in, 1/√in) for weight and bias). */
  seed?: number;
}

/** A trainable variable holding `t`'s data; `t` itself is freed (the variable keeps the data). */
function variableOf(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t, true);
  t.dispose();
  return v;
}

export class SoftmaxLoss extends EmbeddingLoss {
  readonly name = 'SoftmaxLoss';
  /** [in, numLabels]: the transpose of torch's classifier.weight, as nn/linear.ts holds kernels. */
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
  override readonly variables: readonly tf.Variable[];
  private readonly parts: { rep: boolean; difference: boolean; multiplication: boolean };

  constructor(readonly embeddingDimension: number, readonly numLabels: number, options: SoftmaxLossOptions = {}) {
    super();
    this.parts = {
      rep: options.concatenationSentRep ?? true,
      difference: options.concatenationSentDifference ?? true,
      multiplication: options.concatenationSentMultiplication ?? false,
    };
    const vectors = (this.parts.rep ? 2 : 0) + (this.parts.difference ? 1 : 0) + (this.parts.multiplication ? 1 : 0);
    if (vectors === 0) throw new Error('SoftmaxLoss: at least one of concatenationSentRep, concatenationSentDifference, concatenationSentMultiplication must be true');
    const inFeatures = vectors * embeddingDimension;
    const given = options.classifier;
    if (given !== undefined && (given.weight.shape[0] !== numLabels || given.weight.shape[1] !== inFeatures)) {
      throw new Error(`SoftmaxLoss: classifier.weight must be [${numLabels}, ${inFeatures}], found [${given.weight.shape.join(', ')}]`);
    }
    const bound = 1 / Math.sqrt(inFeatures);
    const seed = options.seed ?? 42;
    this.kernel = variableOf(given === undefined ? tf.randomUniform([inFeatures, numLabels], -bound, bound, 'float32', seed) : tf.transpose(given.weight));
    this.bias = variableOf(given === undefined ? tf.randomUniform([numLabels], -bound, bound, 'float32', seed + 1) : tf.clone(given.bias));
    this.variables = [this.kernel, this.bias];
  }

  /** The classifier's logits [B, numLabels] for a pair of columns. */
  logits(u: tf.Tensor2D, v: tf.Tensor2D): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [];
    if (this.parts.rep) parts.push(u, v);
    if (this.parts.difference) parts.push(tf.abs(tf.sub(u, v)) as tf.Tensor2D);
    if (this.parts.multiplication) parts.push(tf.mul(u, v) as tf.Tensor2D);
    return tf.add(tf.matMul(tf.concat(parts, 1), this.kernel), this.bias) as tf.Tensor2D;   // [B, numLabels]
  }

  compute([u, v]: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    const classes = labelArray(labels, u!.shape[0], this.name);
    if (classes.some((c) => !Number.isInteger(c) || c < 0 || c >= this.numLabels)) {
      throw new Error(`SoftmaxLoss: labels must be class ids in [0, ${this.numLabels}), found ${JSON.stringify(classes)}`);
    }
    const logProbs = tf.logSoftmax(this.logits(u!, v!));                        // [B, numLabels]
    const target = tf.oneHot(tf.tensor1d(classes, 'int32'), this.numLabels);    // [B, numLabels]
    return tf.neg(tf.mean(tf.sum(tf.mul(logProbs, target), 1))) as tf.Scalar;
  }
}
