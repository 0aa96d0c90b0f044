// RoBERTa, XLM-R and CamemBERT in the architecture registry (../registry.ts): BERT's config and
// blocks with RoBERTa's position ids. Their head models keep the base under "roberta."; v0.2's
// XLMRoBERTa module kept it under "xlm_roberta.".
import { ROBERTA_CLASSES, maxInputLength, parseBertConfig } from '../../config/bert_config.js';
import { defineArchitecture } from '../spec.js';
import { RobertaForSequenceClassification } from './roberta_for_sequence_classification.js';
import { RobertaModel } from './roberta_model.js';

export const robertaArchitecture = defineArchitecture({
  modelTypes: ['roberta', 'xlm-roberta', 'camembert'],
  architectureClasses: ROBERTA_CLASSES,
  keyPrefixes: ['roberta.', 'xlm_roberta.'],
  parseConfig: parseBertConfig,
  load: (w, c) => RobertaModel.load(w, c),
  maxInputLength,
  attentionLayout: { attention: 'attention.self', heads: 'num_attention_heads', qkv: ['query', 'key', 'value'], output: 'attention.output.dense' },
  loadSequenceClassifier: (w, c, labels) => RobertaForSequenceClassification.load(w, c, labels),
});
