// The cross-encoder evaluators (re-exports only).
export { CrossEncoderRerankingEvaluator, type RerankingSample, type RerankingOptions } from './reranking_evaluator.js';
export { CrossEncoderClassificationEvaluator, type ClassificationOptions } from './classification_evaluator.js';
export { CrossEncoderCorrelationEvaluator, type CorrelationOptions } from './correlation_evaluator.js';
export { mrrAtK, ndcgAtK, rankingMetrics } from './ranking_metrics.js';
export { f1Averages, argmaxRows, type F1Averages } from './classification_metrics.js';
export type { PairScorer } from './pair_scorer.js';
