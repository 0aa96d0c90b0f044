// Public surface of the tokenizers (re-exports only).
export { Tokenizer, type BatchOptions, type EncodeOptions } from './tokenizer.js';
export type { Encoding } from './encoding.js';
export { loadTokenizer, loadTokenizerConfig } from './load.js';
export { encodeEachForModel, encodeForModel, padForModel, pythonStrip, type ModelInputBatch, type ModelInputOptions } from './encode_for_model.js';
export { encodePairsForModel, type TextPair } from './encode_pairs_for_model.js';
export { returnsTokenTypeIds } from './model_input_names.js';
export type { TruncationParams, PaddingParams } from './tokenizer_options.js';
export type { TokenizerJson, TokenizerConfigJson } from './tokenizer_json.js';
export { NormalizedString } from './util/normalized_string.js';
