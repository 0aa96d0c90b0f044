export { DistilBertEmbeddings, sinusoidalTable } from './distilbert_embeddings.js';
export { MultiHeadSelfAttention } from './multi_head_self_attention.js';
export { FFN } from './ffn.js';
export { TransformerBlock } from './transformer_block.js';
export { DistilBertTransformer } from './transformer.js';
export { DistilBertModel } from './distilbert_model.js';
export { DistilBertForSequenceClassification } from './distilbert_for_sequence_classification.js';
