// mirrors modeling_mpnet.py :: MPNetForSequenceClassification (keys: mpnet.*, classifier.*). No
// pooler (add_pooling_layer=False upstream). Its MPNetClassificationHead is RoBERTa's head
// (out_proj(tanh(dense(first token))), keys classifier.dense.*, classifier.out_proj.*; its dropouts
// are inference's identity), so the head is ../roberta/roberta_classification_head.ts.
import * as tf from '@tensorflow/tfjs-core';
import type { SequenceClassificationConfig } from '../../config/sequence_classification_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { RobertaClassificationHead } from '../roberta/roberta_classification_head.js';
import type { SequenceClassifier } from '../sequence_classifier.js';
import type { EncoderInputs } from '../types.js';
import type { MPNetConfig } from './mpnet_config.js';
import { MPNetModel } from './mpnet_model.js';

export class MPNetForSequenceClassification implements SequenceClassifier {
  constructor(
    public config: MPNetConfig,
    public labels: SequenceClassificationConfig,
    public mpnet: MPNetModel,
    public classifier: RobertaClassificationHead,
  ) {}

  get base(): MPNetModel {
    return this.mpnet;
  }

  /** `w` is the checkpoint's root: the base under `mpnet.`, the head under `classifier.`. */
  static load(w: WeightScope, c: MPNetConfig, labels: SequenceClassificationConfig): MPNetForSequenceClassification {
    return new MPNetForSequenceClassification(c, labels, MPNetModel.load(w.sub('mpnet'), c),
      RobertaClassificationHead.load(w.sub('classifier'), c, labels.num_labels));
  }

  /** Synchronous, no tidy: logits [B, num_labels]. token_type_ids are ignored (MPNet has none). */
  forward(inputs: EncoderInputs): tf.Tensor2D {
    return this.classifier.forward(this.mpnet.forward(inputs).last_hidden_state);  // [B, num_labels]
  }

  /** forward() in its own named tidy: the logits are the caller's. */
  run(inputs: EncoderInputs): tf.Tensor2D {
    return tf.tidy('MPNetForSequenceClassification.run', () => this.forward(inputs));
  }
}
