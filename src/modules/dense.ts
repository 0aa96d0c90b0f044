// Dense module: y = activation(x W^T + b) on sentence_embedding (reference base/modules/dense.py,
// whose nn.Linear saves linear.weight [out, in] and linear.bias [out]). The layer is nn/linear.ts's
// Linear, read through the weight store as the encoders read theirs, so it shares their
// load-time transpose, checks and error messages.
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import type { StoredWeight } from '../io/host_weight.js';
import { buildFromStore, WeightStore } from '../io/weight_store.js';
import { Linear } from '../nn/linear.js';
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
  // Own keys only: "constructor", "toString" or "__proto__" must not find Object.prototype's
  // members (the reference's import_from_string fails on them as on any missing name).
  const act = Object.hasOwn(DENSE_ACTIVATIONS, short) ? DENSE_ACTIVATIONS[short] : undefined;
  if (act === undefined) {
    throw new ConfigError(file, 'activation_function', `"${dotted}" is not supported; known: ${Object.keys(DENSE_ACTIVATIONS).join(', ')}`);
  }
  return act;
}

export class Dense implements StModule {
  readonly type = DENSE_TYPE;
  private readonly activation: Activation;

  private constructor(
    readonly name: string,
    readonly config: DenseConfig,
    /** in_features -> out_features; its kernel is [in, out] (nn/linear.ts). */
    readonly linear: Linear,
    configFile: string,
  ) {
    this.activation = activationByName(config.activation_function, configFile);
  }

  /**
   * Takes linear.weight [out, in] and, when config.bias, linear.bias [out], checked for shape and
   * dtype by the weight store. Ownership as in architectures/registry.ts loadEncoder: the module
   * keeps what it uses and disposes the tensors it replaced (the [out, in] weight); the tensors
   * under `unusedKeys` stay the caller's; on failure nothing in `weights` is disposed.
   */
  static load(name: string, config: DenseConfig, weights: ReadonlyMap<string, StoredWeight>, files: { config: string; weights: string }): { module: Dense; unusedKeys: string[] } {
    activationByName(config.activation_function, files.config);
    const store = new WeightStore(weights, files.weights);
    const { model: linear, unusedKeys } = buildFromStore(store,
      (w) => Linear.load(w.sub('linear'), config.in_features, config.out_features, config.bias),
      (l) => (l.bias === null ? [l.kernel] : [l.kernel, l.bias]));
    return { module: new Dense(name, config, linear, files.config), unusedKeys };
  }

  forward(f: Features): Features {
    const x = need(f, 'sentence_embedding', this.name); // [B, in]
    return { ...f, sentence_embedding: this.activation(this.linear.forward(x) as tf.Tensor2D) }; // [B, out]
  }

  /** out_features, whatever comes in (the reference's get_sentence_embedding_dimension). */
  outputDimension(): number {
    return this.linear.outFeatures;
  }

  dispose(): void {
    this.linear.kernel.dispose();
    this.linear.bias?.dispose();
  }
}
