export { RobertaEmbeddings } from './roberta_embeddings.js';
export { RobertaModel } from './roberta_model.js';
