// The encoder interface the pipeline and the research tools use, whatever the architecture;
// re-exported by registry.ts.
import type * as tf from '@tensorflow/tfjs-core';
import type { EncoderLayer } from './trace.js';

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
  /** The parsed config.json, with the architecture's own field names. */
  readonly config: { readonly model_type: string };
  /** Width of last_hidden_state (BERT's hidden_size, DistilBERT's dim). */
  readonly hiddenSize: number;
  /**
   * The encoder's layer array (BERT's encoder.layer, DistilBERT's transformer.layer): the array
   * itself, so slicing it, assigning an element or setting a new array changes the model.
   */
  layers: EncoderLayer[];
  /** Synchronous; opens no tidy around itself, so call it inside the caller's tf.tidy. */
  forward(inputs: EncoderInputs, options?: ForwardOptions): EncoderOutput;
  /** forward() in its own named tidy: the returned tensors are the caller's (tf.dispose(output)). */
  run(inputs: EncoderInputs, options?: ForwardOptions): EncoderOutput;
}
