// Evaluation: the reference's evaluators, the statistics they use, and readers for their data.
export { EmbeddingSimilarityEvaluator, type EmbeddingSimilarityOptions } from './embedding_similarity_evaluator.js';
export { TripletEvaluator, type TripletOptions } from './triplet_evaluator.js';
export { BinaryClassificationEvaluator, BINARY_METRICS, type BinaryClassificationOptions } from './binary_classification_evaluator.js';
export { embed, type SentenceEncoder, type EncodeOptions, type Metrics } from './encoder.js';
export { pearson, spearman, rankAverage, averagePrecision, matthewsCorrcoef } from './statistics.js';
export { findBestAccuracyAndThreshold, findBestF1AndThreshold, nextAfterFloat32 } from './thresholds.js';
export { PAIRWISE_SIMILARITY, ALL_SIMILARITY_FN_NAMES, isSimilarityFnName, type SimilarityFnName } from './pairwise.js';
export { parseStsBenchmark, parseTriplets, parseLabelledPairs, type ScoredPairs, type Triplets, type LabelledPairs } from './datasets.js';
export { splitRows, dialectFromPath, type Dialect } from './delimited.js';
