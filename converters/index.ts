// The converter's public, platform-neutral API (package export "./converters"): the conversion
// core and the checkpoint readers live in src/ (src/convert, src/checkpoint) because the library's
// own resolvers convert downloads too; this folder is the API and command-line layer on top of
// them. The Node wrapper `convertPath` lives in ./node.js and is imported from there explicitly.
export { convertModel, convertFolder, convertCheckpointFile } from '../src/convert/convert.js';
export type { ConvertOptions, ConvertResult } from '../src/convert/convert.js';
export { unpackModelZip } from '../src/convert/archive.js';
export { planModules, outputModulesJson } from '../src/convert/layout.js';
export type { ModuleKind, PlannedModule } from '../src/convert/layout.js';
export { writeWeightsManifest, float32ToFloat16Bits, SHARD_BYTES, MANIFEST_FILE } from '../src/convert/manifest_writer.js';
export type { ManifestOptions, ModelJson, NamedArray, StorageDType } from '../src/convert/manifest_writer.js';
export type { WeightsReport } from '../src/convert/module_weights.js';
export * from '../src/checkpoint/index.js';
