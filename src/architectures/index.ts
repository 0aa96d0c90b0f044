export * from './bert/index.js';
export * from './roberta/index.js';
export * from './distilbert/index.js';
export { loadEncoder, parseEncoderConfig, maxEncoderLength, MODEL_TYPES } from './registry.js';
export type { AnyEncoder, EncoderConfig, ModelType, EncoderInputs, ForwardOptions, EncoderOutput, EncoderModel } from './registry.js';
export type { EncoderTrace, EncoderLayer } from './trace.js';
