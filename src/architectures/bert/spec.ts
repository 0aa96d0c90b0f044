// BERT in the architecture registry (../registry.ts).
import { BERT_CLASSES, maxInputLength, parseBertConfig } from '../../config/bert_config.js';
import { defineArchitecture } from '../spec.js';
import { BertForSequenceClassification } from './bert_for_sequence_classification.js';
import { BertModel } from './bert_model.js';

export const bertArchitecture = defineArchitecture({
  modelTypes: ['bert'],
  architectureClasses: BERT_CLASSES,
  keyPrefixes: ['bert.'],
  parseConfig: parseBertConfig,
  load: (w, c) => BertModel.load(w, c),
  maxInputLength,
  attentionLayout: { attention: 'attention.self', heads: 'num_attention_heads', qkv: ['query', 'key', 'value'], output: 'attention.output.dense' },
  loadSequenceClassifier: (w, c, labels) => BertForSequenceClassification.load(w, c, labels),
});
