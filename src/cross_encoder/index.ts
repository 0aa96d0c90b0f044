// Public surface of the cross-encoder (re-exports only).
export { CrossEncoder, type CrossEncoderLoadOptions, type PredictOptions, type RankOptions, type RankedDocument, type PairScores } from './cross_encoder.js';
export { ACTIVATIONS, ACTIVATION_PATHS, activationFromPath, defaultActivation, type ActivationFn, type ActivationName } from './activation.js';
export { readCrossEncoderSettings, type CrossEncoderSettings } from './folder.js';
export * from './evaluation/index.js';
export { retrieveAndRerank, type RetrieveRerankOptions, type RerankedHit, type TextEmbedder } from './retrieve_rerank.js';
