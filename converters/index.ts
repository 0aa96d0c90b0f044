// The converter's public, platform-neutral API (package export "./converters"). The Node wrapper
// `convertPath` lives in ./node.js and is imported from there explicitly.
export { convertModel, convertFolder, convertCheckpointFile } from './convert.js';
export type { ConvertOptions, ConvertResult } from './convert.js';
export { unpackModelZip } from './archive.js';
export { planModules, outputModulesJson } from './layout.js';
export type { ModuleKind, PlannedModule } from './layout.js';
export { writeWeightsManifest, float32ToFloat16Bits, SHARD_BYTES, MANIFEST_FILE } from './manifest.js';
export type { ManifestOptions, ModelJson, NamedArray, StorageDType } from './manifest.js';
export type { WeightsReport } from './weights.js';
export * from './checkpoint/index.js';
