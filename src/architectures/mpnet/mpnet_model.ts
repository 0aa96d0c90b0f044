// mirrors modeling_mpnet.py :: MPNetModel without the pooler (keys: embeddings.*, encoder.*).
// Sentence-Transformers never uses the pooler, so its keys stay unused.
import * as tf from '@tensorflow/tfjs-core';
import type { WeightScope } from '../../io/weight_store.js';
import { extendedAttentionMask } from '../../nn/attention_mask.js';
import { checkInputs } from '../inputs.js';
import type { EncoderTrace } from '../trace.js';
import type { EncoderInputs, EncoderModel, EncoderOutput, ForwardOptions } from '../types.js';
import { maxInputLength } from './mpnet_config.js';
import type { MPNetConfig } from './mpnet_config.js';
import { MPNetEmbeddings } from './mpnet_embeddings.js';
import { MPNetEncoder } from './mpnet_encoder.js';
import type { MPNetLayer } from './mpnet_layer.js';

export class MPNetModel implements EncoderModel {
  constructor(public config: MPNetConfig, public embeddings: MPNetEmbeddings, public encoder: MPNetEncoder) {}

  get hiddenSize(): number {
    return this.config.hidden_size;
  }

  /** encoder.layer */
  get layers(): MPNetLayer[] {
    return this.encoder.layer;
  }

  set layers(layers: MPNetLayer[]) {
    this.encoder.layer = layers;
  }

  static load(w: WeightScope, c: MPNetConfig): MPNetModel {
    return new MPNetModel(c, MPNetEmbeddings.load(w.sub('embeddings'), c), MPNetEncoder.load(w.sub('encoder'), c));
  }

  /** Synchronous, no tidy; token_type_ids are ignored (MPNet has none). Inputs are not disposed. */
  forward(inputs: EncoderInputs, options: ForwardOptions = {}): EncoderOutput {
    checkInputs(inputs, maxInputLength(this.config), 'MPNetModel');
    const trace: EncoderTrace = {
      hiddenStates: options.outputHiddenStates === true ? [] : undefined,
      attentions: options.outputAttentions === true ? [] : undefined,
    };
    const maskBias = extendedAttentionMask(inputs.attention_mask);             // [B, 1, 1, T]
    const embedded = this.embeddings.forward(inputs.input_ids);                // [B, T, H]
    const last = this.encoder.forward(embedded, maskBias, trace);              // [B, T, H]
    return { last_hidden_state: last, hidden_states: trace.hiddenStates, attentions: trace.attentions };
  }

  /** forward() in its own named tidy: the returned tensors are the caller's (tf.dispose(output)). */
  run(inputs: EncoderInputs, options: ForwardOptions = {}): EncoderOutput {
    return tf.tidy('MPNetModel.run', () => this.forward(inputs, options) as unknown as tf.TensorContainer) as unknown as EncoderOutput;
  }
}
