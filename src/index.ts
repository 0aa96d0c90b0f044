// Public API shared by Node and the browser (re-exports only). The Node entry (index.node.ts) adds
// model resolution by name / folder / zip / hub id with an on-disk cache; the "./hub" entry
// (hub/index.ts) has the hub downloader for browsers.
export { SentenceTransformer, type LoadOptions } from './pipeline/sentence_transformer.js';
export type { EncodeOptions, EncodeResult, OutputValue, ConvertTo } from './pipeline/encode_options.js';
export { loadPipeline, disposePipeline, type LoadedPipeline } from './pipeline/load.js';
// Cross-encoders (rerankers, pair classifiers) and their evaluators.
export * from './cross_encoder/index.js';

export type { Features, StModule } from './modules/features.js';
export { Transformer } from './modules/transformer.js';
export { Pooling } from './modules/pooling.js';
export { Dense } from './modules/dense.js';
export { Normalize } from './modules/normalize.js';
export { MODULE_LOADERS, loaderFor, type ModuleLoader } from './modules/registry.js';
export type { PoolingConfig, DenseConfig, SentenceBertConfig, StModelConfig } from './modules/config.js';
// The model-folder format: file names, modules.json and its module kinds, shard indexes, JSON.
export * from './format/files.js';
export { MODULE_KINDS, V02_SPECIAL_TOKENS, parseModulesJson, moduleKindOf, filesOf, type ModuleEntry, type ModuleKind, type ModuleKindSpec, type ModuleFiles } from './format/modules.js';
export { parseShardIndex } from './format/shard_index.js';
export { parseJson } from './format/json.js';

export * from './functional/pooling.js';
export { l2Normalize, NORMALIZE_EPS } from './functional/normalize.js';
export * from './functional/similarity.js';
export * from './util/index.js';

export { httpSource, memorySource, readJson, readText, type FileSource } from './io/file_source.js';
export { cachedHttpSource } from './hub/cached_http_source.js';
// The hub downloader is not part of this entry (a page that loads converted folders does not
// carry it): the Node entry exports it, and browsers import it from the "./hub" entry.
export type { HubOptions } from './hub/hub_files.js';
export type { DownloadProgress, DownloadOptions } from './hub/download.js';
export { findRegistryModel, registryEntries, defaultModelName, type RegistryEntry } from './hub/registry.js';
export { ConfigError, WeightError, TokenizerError, CheckpointError, SourceError, ArgumentError, JsonFileError } from './errors.js';

// Research API: the architectures (BertModel, RobertaModel, DistilBertModel and their blocks,
// loadEncoder, parseEncoderConfig) and parameter access by checkpoint name.
export * from './architectures/index.js';
export { namedParameters, parameterCount, stateDict, setParameter, disposeModel } from './nn/parameters.js';

// Evaluators (EmbeddingSimilarityEvaluator, TripletEvaluator, BinaryClassificationEvaluator) and their data readers.
export * from './evaluation/index.js';
// Names the evaluation index shares with the exports above: an explicit export wins over `export *`.
// SimilarityFnName is the same union in both; splitRows and EncodeOptions keep their pipeline
// meaning, and the evaluation ones are reachable under their own names.
export type { SimilarityFnName } from './functional/similarity.js';
export { splitRows } from './util/index.js';
export { splitRows as splitDelimitedRows, type EncodeOptions as EvaluationEncodeOptions } from './evaluation/index.js';
// Faster wasm kernels (opt-in: they replace tfjs-backend-wasm's kernels globally when called).
export { useFastKernels, restoreStockKernels } from './kernels/index.js';
// Training: model.train() / model.eval(), the losses, AdamW, the warmup schedule, one training step.
export * from './training/index.js';
// Research tools: hooks by checkpoint name, head pruning/masking, layer truncation, attributions.
export * from './research/index.js';
