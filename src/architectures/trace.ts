// What the encoders record when asked (STYLE.md P4): every hidden state and every layer's
// attention probabilities, through an explicit option rather than hooks.
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
// scaledDotProductAttention each also run in their own tf.tidy, although STYLE.md P10 keeps
// tidies at entry points. tfjs keeps every intermediate of a tidy alive until it ends, and the
// wasm heap only grows (WebAssembly memory cannot shrink), so the largest set of live
// temporaries sets the process's peak RSS for good. With one tidy per layer only, a BERT layer
// at 32 texts × 70 tokens held 310 MB of temporaries (tf.profile peakBytes: 324 MB over the
// weights; 165 MB with the leaf tidies), and the wasm heap grew from 136 to 488 MB (339 MB with
// them) on the first batch of 10,000 STSb sentences. Same ops in the same order: same results.

/**
 * One layer in its own named tidy: its intermediates are freed as soon as it returns. A single
 * tidy around the whole forward grew the wasm heap to 2.8 GiB at 32×128 (PERFORMANCE.md); per
 * layer it stays at 0.7 GiB. The kept outputs join the caller's tidy scope as usual.
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
  // The one dispose in a forward (STYLE.md P10 exception): the encoders pass consumesInput for
  // the outputs of their own earlier layers. Nobody else holds those unless hidden states are
  // traced, and kept to the end of the caller's tidy they were 6 × [B, T, H] of the first
  // batch's peak. The layer may return its input unchanged (a user's identity layer): keep it then.
  if (consumesInput && trace?.hiddenStates === undefined && out.hidden !== hidden) hidden.dispose();
  return out.hidden;
}
