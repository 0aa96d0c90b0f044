// MPNet in the architecture registry (../registry.ts). Head models (MPNetForMaskedLM,
// MPNetForSequenceClassification, ...) keep the base model under "mpnet.".
import { defineArchitecture } from '../spec.js';
import { maxInputLength, parseMPNetConfig } from './mpnet_config.js';
import { MPNetForSequenceClassification } from './mpnet_for_sequence_classification.js';
import { MPNetModel } from './mpnet_model.js';

export const mpnetArchitecture = defineArchitecture({
  modelTypes: ['mpnet'],
  architectureClasses: { MPNetModel: 'mpnet' },
  keyPrefixes: ['mpnet.'],
  parseConfig: parseMPNetConfig,
  load: (w, c) => MPNetModel.load(w, c),
  maxInputLength,
  attentionLayout: { attention: 'attention.attn', heads: 'num_attention_heads', qkv: ['q', 'k', 'v'], output: 'attention.attn.o' },
  loadSequenceClassifier: (w, c, labels) => MPNetForSequenceClassification.load(w, c, labels),
});
