// mirrors modeling_distilbert.py :: DistilBertModel (keys: embeddings.*, transformer.*). No pooler, no token types.
import * as tf from '@tensorflow/tfjs-core';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { extendedAttentionMask } from '../../nn/attention_mask.js';
import { checkInputs } from '../inputs.js';
import type { EncoderTrace } from '../trace.js';
import type { EncoderInputs, EncoderModel, EncoderOutput, ForwardOptions } from '../types.js';
import { DistilBertEmbeddings } from './distilbert_embeddings.js';
import { DistilBertTransformer } from './transformer.js';
import type { TransformerBlock } from './transformer_block.js';

export class DistilBertModel implements EncoderModel {
  constructor(public config: DistilBertConfig, public embeddings: DistilBertEmbeddings, public transformer: DistilBertTransformer) {}

  get hiddenSize(): number {
    return this.config.dim;
  }

  /** transformer.layer */
  get layers(): TransformerBlock[] {
    return this.transformer.layer;
  }

  set layers(layers: TransformerBlock[]) {
    this.transformer.layer = layers;
  }

  static load(w: WeightScope, c: DistilBertConfig): DistilBertModel {
    return new DistilBertModel(c, DistilBertEmbeddings.load(w.sub('embeddings'), c), DistilBertTransformer.load(w.sub('transformer'), c));
  }

  /** Synchronous, no tidy; token_type_ids are ignored (DistilBERT has none). Inputs are not disposed. */
  forward(inputs: EncoderInputs, options: ForwardOptions = {}): EncoderOutput {
    checkInputs(inputs, this.config.max_position_embeddings, 'DistilBertModel');
    const trace: EncoderTrace = {
      hiddenStates: options.outputHiddenStates === true ? [] : undefined,
      attentions: options.outputAttentions === true ? [] : undefined,
    };
    const maskBias = extendedAttentionMask(inputs.attention_mask);             // [B, 1, 1, T]
    const embedded = this.embeddings.forward(inputs.input_ids);                // [B, T, dim]
    const last = this.transformer.forward(embedded, maskBias, trace);          // [B, T, dim]
    return { last_hidden_state: last, hidden_states: trace.hiddenStates, attentions: trace.attentions };
  }

  /** forward() in its own named tidy: the returned tensors are the caller's (tf.dispose(output)). */
  run(inputs: EncoderInputs, options: ForwardOptions = {}): EncoderOutput {
    return tf.tidy('DistilBertModel.run', () => this.forward(inputs, options) as unknown as tf.TensorContainer) as unknown as EncoderOutput;
  }
}
