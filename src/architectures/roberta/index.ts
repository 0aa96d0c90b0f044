export { RobertaEmbeddings } from './roberta_embeddings.js';
export { RobertaModel } from './roberta_model.js';
export { RobertaClassificationHead } from './roberta_classification_head.js';
export { RobertaForSequenceClassification } from './roberta_for_sequence_classification.js';
