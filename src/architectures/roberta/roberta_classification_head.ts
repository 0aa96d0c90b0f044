// mirrors modeling_roberta.py :: RobertaClassificationHead (keys: classifier.dense.*,
// classifier.out_proj.*): out_proj(tanh(dense(first token))). Dropout is inference's identity.
// XLM-R's and CamemBERT's heads are this class upstream too; MPNet's (modeling_mpnet.py ::
// MPNetClassificationHead) is the same module with the same key names, so
// ../mpnet/mpnet_for_sequence_classification.ts uses this class.
import * as tf from '@tensorflow/tfjs-core';
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { Linear } from '../../nn/linear.js';
import { firstToken } from '../sequence_classifier.js';

export class RobertaClassificationHead {
  constructor(public dense: Linear, public out_proj: Linear) {}

  /** Reads only hidden_size from the config (BERT's or MPNet's). */
  static load(w: WeightScope, c: Pick<BertConfig, 'hidden_size'>, numLabels: number): RobertaClassificationHead {
    return new RobertaClassificationHead(Linear.load(w.sub('dense'), c.hidden_size, c.hidden_size),
      Linear.load(w.sub('out_proj'), c.hidden_size, numLabels));
  }

  /** hidden [B, T, H] -> logits [B, num_labels]. Synchronous, no tidy. */
  forward(hidden: tf.Tensor3D): tf.Tensor2D {
    const x = tf.tanh(this.dense.forward(firstToken(hidden)));                   // [B, H]
    return this.out_proj.forward(x) as tf.Tensor2D;                              // [B, num_labels]
  }
}
