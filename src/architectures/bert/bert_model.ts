// mirrors modeling_bert.py :: BertModel without the pooler (keys: embeddings.*, encoder.*).
// Sentence-Transformers never uses the pooler (CLS pooling reads token 0), so its keys stay unused.
import * as tf from '@tensorflow/tfjs-core';
import { maxInputLength } from '../../config/bert_config.js';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { extendedAttentionMask } from '../../nn/attention_mask.js';
import { checkInputs } from '../inputs.js';
import type { EncoderTrace } from '../trace.js';
import type { EncoderInputs, EncoderModel, EncoderOutput, ForwardOptions } from '../types.js';
import { BertEmbeddings } from './bert_embeddings.js';
import { BertEncoder } from './bert_encoder.js';
import type { BertLayer } from './bert_layer.js';

export class BertModel implements EncoderModel {
  constructor(public config: BertConfig, public embeddings: BertEmbeddings, public encoder: BertEncoder) {}

  get hiddenSize(): number {
    return this.config.hidden_size;
  }

  /** encoder.layer */
  get layers(): BertLayer[] {
    return this.encoder.layer;
  }

  set layers(layers: BertLayer[]) {
    this.encoder.layer = layers;
  }

  static load(w: WeightScope, c: BertConfig): BertModel {
    return new BertModel(c, BertEmbeddings.load(w.sub('embeddings'), c), BertEncoder.load(w.sub('encoder'), c));
  }

  /** Synchronous, no tidy: every tensor it makes belongs to the caller's tf.tidy. Inputs are not disposed. */
  forward(inputs: EncoderInputs, options: ForwardOptions = {}): EncoderOutput {
    checkInputs(inputs, maxInputLength(this.config), this.constructor.name);
    const trace: EncoderTrace = {
      hiddenStates: options.outputHiddenStates === true ? [] : undefined,
      attentions: options.outputAttentions === true ? [] : undefined,
    };
    const maskBias = extendedAttentionMask(inputs.attention_mask);             // [B, 1, 1, T]
    const embedded = this.embeddings.forward(inputs.input_ids, inputs.token_type_ids);  // [B, T, H]
    const last = this.encoder.forward(embedded, maskBias, trace);              // [B, T, H]
    return { last_hidden_state: last, hidden_states: trace.hiddenStates, attentions: trace.attentions };
  }

  /** forward() in its own named tidy: the returned tensors are the caller's (tf.dispose(output)). */
  run(inputs: EncoderInputs, options: ForwardOptions = {}): EncoderOutput {
    return tf.tidy(`${this.constructor.name}.run`, () => this.forward(inputs, options) as unknown as tf.TensorContainer) as unknown as EncoderOutput;
  }
}
