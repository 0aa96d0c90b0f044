// Dense module: y = activation(x W^T + b) on sentence_embedding (reference base/modules/dense.py).
// The weight keeps its checkpoint name and [out, in] layout on disk; like nn/linear.ts it is
// transposed once at load to [in, out] because a transposed matMul is much slower on wasm.
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, WeightError } from '../errors.js';
import { isHostWeight, transposeRows, uploadWeight, type StoredWeight } from '../io/host_weight.js';
import type { DenseConfig } from './config.js';
import { need, type Features, type StModule } from './features.js';

export const DENSE_TYPE = 'sentence_transformers.models.Dense';

type Activation = (x: tf.Tensor2D) => tf.Tensor2D;

/** torch activation classes by their last name segment (the config holds the dotted path). */
export const DENSE_ACTIVATIONS: Readonly<Record<string, Activation>> = {
  Identity: (x) => x,
  Tanh: (x) => tf.tanh(x),
  ReLU: (x) => tf.relu(x),
  Sigmoid: (x) => tf.sigmoid(x),
  GELU: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))) as tf.Tensor2D,
  SiLU: (x) => tf.mul(x, tf.sigmoid(x)) as tf.Tensor2D,
  LeakyReLU: (x) => tf.leakyRelu(x, 0.01),
  ELU: (x) => tf.elu(x),
  Softplus: (x) => tf.softplus(x),
};

export function activationByName(dotted: string, file: string): Activation {
  const short = dotted.split('.').pop() ?? dotted;
  const act = DENSE_ACTIVATIONS[short];
  if (act === undefined) {
    throw new ConfigError(file, 'activation_function', `"${dotted}" is not supported; known: ${Object.keys(DENSE_ACTIVATIONS).join(', ')}`);
  }
  return act;
}

export class Dense implements StModule {
  readonly type = DENSE_TYPE;
  private readonly activation: Activation;

  /** Takes ownership of `weights` (linear.weight [out, in], linear.bias [out]). */
  private constructor(
    readonly name: string,
    readonly config: DenseConfig,
    /** [in, out] (transposed once at load). */
    readonly weightT: tf.Tensor2D,
    readonly bias: tf.Tensor1D | null,
    configFile: string,
  ) {
    this.activation = activationByName(config.activation_function, configFile);
  }

  /**
   * Checks and takes linear.weight / linear.bias. A host weight (io/host_weight.ts) is transposed
   * on the host and uploaded; a tensor weight is transposed on the backend and disposed.
   */
  static load(name: string, config: DenseConfig, weights: ReadonlyMap<string, StoredWeight>, files: { config: string; weights: string }): { module: Dense; unusedKeys: string[] } {
    activationByName(config.activation_function, files.config);
    const w = weights.get('linear.weight');
    const want = [config.out_features, config.in_features];
    if (w === undefined) throw new WeightError(files.weights, 'linear.weight', 'is missing');
    if (w.shape.join() !== want.join()) throw new WeightError(files.weights, 'linear.weight', `must have shape [${want.join(', ')}], found [${w.shape.join(', ')}]`);
    if (w.dtype !== 'float32') throw new WeightError(files.weights, 'linear.weight', `has dtype ${w.dtype}, expected float32`);
    const b = weights.get('linear.bias');
    if (config.bias && b === undefined) throw new WeightError(files.weights, 'linear.bias', 'is missing (config says bias: true)');
    if (b !== undefined && b.shape.join() !== String(config.out_features)) {
      throw new WeightError(files.weights, 'linear.bias', `must have shape [${config.out_features}], found [${b.shape.join(', ')}]`);
    }
    let weightT: tf.Tensor2D; // [in, out]
    if (isHostWeight(w)) {
      weightT = tf.tensor2d(transposeRows(w.read() as Float32Array, config.out_features, config.in_features), [config.in_features, config.out_features]);
    } else {
      weightT = tf.transpose(w as tf.Tensor2D);
      w.dispose();
    }
    const bias = !config.bias || b === undefined ? null : (isHostWeight(b) ? uploadWeight(b) : b) as tf.Tensor1D;
    const keep = new Set(['linear.weight', ...(config.bias ? ['linear.bias'] : [])]);
    const unusedKeys = [...weights.keys()].filter((k) => !keep.has(k));
    return { module: new Dense(name, config, weightT, bias, files.config), unusedKeys };
  }

  forward(f: Features): Features {
    const x = need(f, 'sentence_embedding', this.name); // [B, in]
    let y = tf.matMul(x, this.weightT) as tf.Tensor2D; // [B, out]
    if (this.bias !== null) y = tf.add(y, this.bias) as tf.Tensor2D;
    return { ...f, sentence_embedding: this.activation(y) };
  }

  dispose(): void {
    this.weightT.dispose();
    this.bias?.dispose();
  }
}
