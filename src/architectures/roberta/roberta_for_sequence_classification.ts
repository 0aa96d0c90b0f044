// mirrors modeling_roberta.py :: RobertaForSequenceClassification (keys: roberta.*, classifier.*),
// also XLMRobertaForSequenceClassification and CamembertForSequenceClassification, whose
// checkpoints keep the base under `roberta.` as well. No pooler (add_pooling_layer=False upstream).
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { SequenceClassificationConfig } from '../../config/sequence_classification_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import type { SequenceClassifier } from '../sequence_classifier.js';
import type { EncoderInputs } from '../types.js';
import { RobertaClassificationHead } from './roberta_classification_head.js';
import { RobertaModel } from './roberta_model.js';

export class RobertaForSequenceClassification implements SequenceClassifier {
  constructor(
    public config: BertConfig,
    public labels: SequenceClassificationConfig,
    public roberta: RobertaModel,
    public classifier: RobertaClassificationHead,
  ) {}

  get base(): RobertaModel {
    return this.roberta;
  }

  /** `w` is the checkpoint's root: the base under `roberta.`, the head under `classifier.`. */
  static load(w: WeightScope, c: BertConfig, labels: SequenceClassificationConfig): RobertaForSequenceClassification {
    return new RobertaForSequenceClassification(c, labels, RobertaModel.load(w.sub('roberta'), c),
      RobertaClassificationHead.load(w.sub('classifier'), c, labels.num_labels));
  }

  /** Synchronous, no tidy: logits [B, num_labels]. */
  forward(inputs: EncoderInputs): tf.Tensor2D {
    return this.classifier.forward(this.roberta.forward(inputs).last_hidden_state);  // [B, num_labels]
  }

  /** forward() in its own named tidy: the logits are the caller's. */
  run(inputs: EncoderInputs): tf.Tensor2D {
    return tf.tidy('RobertaForSequenceClassification.run', () => this.forward(inputs));
  }
}
