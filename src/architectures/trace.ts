// What the encoders record when asked: every hidden state and every layer's attention
// probabilities, through an explicit option rather than hooks, so inspection needs no patching.
import * as tf from '@tensorflow/tfjs-core';

export interface EncoderTrace {
  /** Filled with the input of each layer and the final output: layers + 1 entries, [B, T, H]. */
  hiddenStates?: tf.Tensor3D[];
  /** Filled with each layer's attention probabilities [B, nh, T, T]. */
  attentions?: tf.Tensor4D[];
}

/** Anything that can stand in an encoder's layer array. */
export interface EncoderLayer {
  forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): { hidden: tf.Tensor3D; probs: tf.Tensor4D };
}

// Why leaf tidies: Linear, LayerNorm, the activations from nn/activations.ts activation() and
// scaledDotProductAttention each also run in their own tf.tidy, although tidies otherwise sit
// only at the public entry points. tfjs keeps every intermediate of a tidy alive until it ends, and the
// wasm heap only grows (WebAssembly memory cannot shrink), so the largest set of live
// temporaries sets the process's peak RSS for good; freeing each leaf's temporaries as it
// returns about halves that set (docs/PERFORMANCE_RESULTS.md, "Why the model code is shaped
// this way"). Same ops in the same order: same results.

/**
 * One layer in its own named tidy: its intermediates are freed as soon as it returns, so the
 * heap holds one layer's temporaries rather than the whole forward's (docs/PERFORMANCE_RESULTS.md).
 * The kept outputs join the caller's tidy scope as usual.
 */
export function runLayer(
  name: string, layer: EncoderLayer, hidden: tf.Tensor3D, maskBias: tf.Tensor4D, trace?: EncoderTrace,
  consumesInput = false,
): tf.Tensor3D {
  const keepProbs = trace?.attentions !== undefined;
  const out = tf.tidy(name, () => {
    const o = layer.forward(hidden, maskBias);
    return keepProbs ? { hidden: o.hidden, probs: o.probs } : { hidden: o.hidden };
  }) as { hidden: tf.Tensor3D; probs?: tf.Tensor4D };
  if (out.probs !== undefined) trace?.attentions?.push(out.probs);
  // The one dispose in a forward (forwards otherwise leave freeing to tidies): the encoders pass
  // consumesInput for the outputs of their own earlier layers. Nobody else holds those unless
  // hidden states are traced, and kept to the end of the caller's tidy every layer's output
  // would add to the first batch's peak. The layer may return its input unchanged (a user's
  // identity layer): keep it then.
  if (consumesInput && trace?.hiddenStates === undefined && out.hidden !== hidden) hidden.dispose();
  return out.hidden;
}
