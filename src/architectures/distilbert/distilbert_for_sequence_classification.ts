// mirrors modeling_distilbert.py :: DistilBertForSequenceClassification (keys: distilbert.*,
// pre_classifier.*, classifier.*): classifier(relu(pre_classifier(first token))). Dropout is
// inference's identity.
import * as tf from '@tensorflow/tfjs-core';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { SequenceClassificationConfig } from '../../config/sequence_classification_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { Linear } from '../../nn/linear.js';
import { firstToken, type SequenceClassifier } from '../sequence_classifier.js';
import type { EncoderInputs } from '../types.js';
import { DistilBertModel } from './distilbert_model.js';

export class DistilBertForSequenceClassification implements SequenceClassifier {
  constructor(
    public config: DistilBertConfig,
    public labels: SequenceClassificationConfig,
    public distilbert: DistilBertModel,
    public pre_classifier: Linear,
    public classifier: Linear,
  ) {}

  get base(): DistilBertModel {
    return this.distilbert;
  }

  /** `w` is the checkpoint's root: the base under `distilbert.`, the head at the top. */
  static load(w: WeightScope, c: DistilBertConfig, labels: SequenceClassificationConfig): DistilBertForSequenceClassification {
    return new DistilBertForSequenceClassification(c, labels, DistilBertModel.load(w.sub('distilbert'), c),
      Linear.load(w.sub('pre_classifier'), c.dim, c.dim), Linear.load(w.sub('classifier'), c.dim, labels.num_labels));
  }

  /** Synchronous, no tidy: logits [B, num_labels]. */
  forward(inputs: EncoderInputs): tf.Tensor2D {
    const first = firstToken(this.distilbert.forward(inputs).last_hidden_state);  // [B, dim]
    return this.classifier.forward(tf.relu(this.pre_classifier.forward(first))) as tf.Tensor2D;  // [B, num_labels]
  }

  /** forward() in its own named tidy: the logits are the caller's. */
  run(inputs: EncoderInputs): tf.Tensor2D {
    return tf.tidy('DistilBertForSequenceClassification.run', () => this.forward(inputs));
  }
}
