export * from './bert/index.js';
export * from './roberta/index.js';
export * from './distilbert/index.js';
export * from './mpnet/index.js';
export {
  loadEncoder, parseEncoderConfig, maxEncoderLength, architectureOf, checkpointKeyPrefixes, defineArchitecture, ARCHITECTURES, MODEL_TYPES,
} from './registry.js';
export type {
  AnyEncoder, ArchitectureSpec, ArchitectureConfig, EncoderConfig, ModelType, EncoderInputs, ForwardOptions, EncoderOutput, EncoderModel,
} from './registry.js';
export { bertArchitecture } from './bert/spec.js';
export { robertaArchitecture } from './roberta/spec.js';
export { distilbertArchitecture } from './distilbert/spec.js';
export type { EncoderTrace, EncoderLayer } from './trace.js';
export { loadSequenceClassifier } from './load_sequence_classifier.js';
export type { SequenceClassifier, SequenceClassificationConfig } from './sequence_classifier.js';
