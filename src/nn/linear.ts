// mirrors torch.nn.Linear: y = x·Wᵀ + b with W stored [out, in] in the checkpoint.
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../io/weight_store.js';

/**
 * The checkpoint's `weight` is [out, in]. We transpose it ONCE at load and keep `kernel` [in, out],
 * because matMul with transposeB is the slow path on wasm (docs/PERFORMANCE_RESULTS.md, "Why the
 * model code is shaped this way"). namedParameters() still reports it as "weight"; stateDict()
 * transposes back. The bias goes through tf.fused.matMul, never with transposeB (that combination
 * is wrong on wasm in tfjs 4.22.0; test/nn/linear.test.ts checks ours against matMul + add on
 * every backend).
 */
export class Linear {
  constructor(
    /** [in, out] — the transpose of the checkpoint's weight. */
    public kernel: tf.Tensor2D,
    /** [out], or null for bias=False layers. */
    public bias: tf.Tensor1D | null,
  ) {}

  get inFeatures(): number {
    return this.kernel.shape[0];
  }

  get outFeatures(): number {
    return this.kernel.shape[1];
  }

  /** From a checkpoint-layout weight [out, in]; the result owns a new transposed tensor. */
  static fromWeight(weight: tf.Tensor2D, bias: tf.Tensor1D | null): Linear {
    return new Linear(tf.transpose(weight), bias);
  }

  /** Reads `weight` [out, in] and `bias` [out] from the scope; the store transposes on the host when it can (io/host_weight.ts). */
  static load(w: WeightScope, inFeatures: number, outFeatures: number, bias = true): Linear {
    const kernel = w.getTransposed('weight', [outFeatures, inFeatures]);
    return new Linear(kernel, bias ? (w.get('bias', [outFeatures]) as tf.Tensor1D) : null);
  }

  /** x [..., in] -> [..., out]. Its own tidy frees the unbiased product at once (architectures/trace.ts: why leaf tidies). */
  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy('Linear', () => {
      const lead = x.shape.slice(0, -1);                                        // e.g. [B, T]
      const x2d = tf.reshape(x, [-1, this.inFeatures]);                         // [B*T, in]
      // With transposeB false, fused.matMul's bias is correct on wasm (the trap is transposeB +
      // bias) and XNNPACK adds it inside the product instead of a separate broadcasting Add, a
      // visible share of a short-text forward (docs/PERFORMANCE_RESULTS.md).
      const y2d = this.bias === null ? tf.matMul(x2d, this.kernel)
        : tf.fused.matMul({ a: x2d, b: this.kernel, bias: this.bias });        // [B*T, out]
      return tf.reshape(y2d, [...lead, this.outFeatures]);                      // [B, T, out]
    });
  }
}
