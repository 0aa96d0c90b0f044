// DistilBERT in the architecture registry (../registry.ts).
import { parseDistilBertConfig } from '../../config/distilbert_config.js';
import { defineArchitecture } from '../spec.js';
import { DistilBertForSequenceClassification } from './distilbert_for_sequence_classification.js';
import { DistilBertModel } from './distilbert_model.js';

export const distilbertArchitecture = defineArchitecture({
  modelTypes: ['distilbert'],
  architectureClasses: { DistilBertModel: 'distilbert' },
  // Configs older than model_type and architectures: n_layers is DistilBERT's own field name.
  recognises: (config) => 'n_layers' in config,
  keyPrefixes: ['distilbert.'],
  parseConfig: parseDistilBertConfig,
  load: (w, c) => DistilBertModel.load(w, c),
  maxInputLength: (c) => c.max_position_embeddings,
  attentionLayout: { attention: 'attention', heads: 'n_heads', qkv: ['q_lin', 'k_lin', 'v_lin'], output: 'attention.out_lin' },
  loadSequenceClassifier: (w, c, labels) => DistilBertForSequenceClassification.load(w, c, labels),
});
