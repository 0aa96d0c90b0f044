export { semanticSearch, type SearchHit, type SemanticSearchOptions } from './semantic_search.js';
export { paraphraseMining, type ParaphraseMiningOptions } from './paraphrase_mining.js';
export { communityDetection, type CommunityDetectionOptions } from './community_detection.js';
export { quantizeEmbeddings, quantizationRanges, PRECISIONS, type Precision, type QuantizeOptions, type QuantizedRow, type QuantizationRanges } from './quantization.js';
export { toTensor2D, splitRows, type EmbeddingMatrix } from './embeddings.js';
