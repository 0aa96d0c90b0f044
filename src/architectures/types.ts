// The encoder interface the pipeline uses (team contract); re-exported by registry.ts.
import type * as tf from '@tensorflow/tfjs-core';

/** int32 tensors, padded to a common length T. token_type_ids default to zeros (ignored by DistilBERT). */
export interface EncoderInputs {
  input_ids: tf.Tensor2D;
  attention_mask: tf.Tensor2D;
  token_type_ids?: tf.Tensor2D;
}

export interface ForwardOptions {
  /** Return the embeddings output and every layer's output: layers + 1 tensors [B, T, H]. */
  outputHiddenStates?: boolean;
  /** Return every layer's attention probabilities [B, nh, T, T]. */
  outputAttentions?: boolean;
}

export interface EncoderOutput {
  /** [B, T, H]; the same tensor as hidden_states[layers] when those are requested. */
  last_hidden_state: tf.Tensor3D;
  hidden_states?: tf.Tensor3D[];
  attentions?: tf.Tensor4D[];
}

export interface EncoderModel {
  readonly config: unknown;
  /** Synchronous; opens no tidy around itself, so call it inside the caller's tf.tidy. */
  forward(inputs: EncoderInputs, options?: ForwardOptions): EncoderOutput;
}
