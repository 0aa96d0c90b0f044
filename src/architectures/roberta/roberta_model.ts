// mirrors modeling_roberta.py :: RobertaModel (and XLMRobertaModel): BertModel with RobertaEmbeddings.
// Every other block is BERT's, with BERT's key names (RobertaLayer is BertLayer upstream too).
import type { BertConfig } from '../../config/bert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { BertEncoder } from '../bert/bert_encoder.js';
import { BertModel } from '../bert/bert_model.js';
import { RobertaEmbeddings } from './roberta_embeddings.js';

export class RobertaModel extends BertModel {
  static override load(w: WeightScope, c: BertConfig): RobertaModel {
    return new RobertaModel(c, RobertaEmbeddings.load(w.sub('embeddings'), c), BertEncoder.load(w.sub('encoder'), c));
  }
}
