// mirrors modeling_bert.py :: BertForSequenceClassification (keys: bert.*, bert.pooler.dense.*,
// classifier.*): logits = classifier(tanh(pooler.dense(first token))). Dropout is inference's identity.
// HF's BertModel owns the pooler; ours (bert_model.ts) has none, so the pooler sits beside `bert`
// here and loads from `bert.pooler`.
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { SequenceClassificationConfig } from '../../config/sequence_classification_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { Linear } from '../../nn/linear.js';
import type { SequenceClassifier } from '../sequence_classifier.js';
import type { EncoderInputs } from '../types.js';
import { BertModel } from './bert_model.js';
import { BertPooler } from './bert_pooler.js';

export class BertForSequenceClassification implements SequenceClassifier {
  constructor(
    public config: BertConfig,
    public labels: SequenceClassificationConfig,
    public bert: BertModel,
    public pooler: BertPooler,
    public classifier: Linear,
  ) {}

  get base(): BertModel {
    return this.bert;
  }

  /** `w` is the checkpoint's root: the base under `bert.`, the classifier at the top. */
  static load(w: WeightScope, c: BertConfig, labels: SequenceClassificationConfig): BertForSequenceClassification {
    return new BertForSequenceClassification(c, labels, BertModel.load(w.sub('bert'), c),
      BertPooler.load(w.sub('bert').sub('pooler'), c), Linear.load(w.sub('classifier'), c.hidden_size, labels.num_labels));
  }

  /** Synchronous, no tidy: logits [B, num_labels]. */
  forward(inputs: EncoderInputs): tf.Tensor2D {
    const hidden = this.bert.forward(inputs).last_hidden_state;                  // [B, T, H]
    return this.classifier.forward(this.pooler.forward(hidden)) as tf.Tensor2D;   // [B, num_labels]
  }

  /** forward() in its own named tidy: the logits are the caller's. */
  run(inputs: EncoderInputs): tf.Tensor2D {
    return tf.tidy('BertForSequenceClassification.run', () => this.forward(inputs));
  }
}
