// Node entry: the shared API, plus nodeSource and resolution of model names, folders, zips, hub
// ids and URLs with the on-disk cache. Its SentenceTransformer.load() resolves all of those.
import { resolveModelSource, type ResolveOptions } from './hub/node_resolve.js';
import { CrossEncoder as BaseCrossEncoder, type CrossEncoderLoadOptions } from './cross_encoder/cross_encoder.js';
import { SentenceTransformer as BaseSentenceTransformer, type LoadOptions } from './pipeline/sentence_transformer.js';

export * from './index.js';
export * from './hub/index.js';
export { nodeSource } from './io/node_file_source.js';
export { resolveModelDir, resolveModelSource, repoModelDirs, type ResolveOptions } from './hub/node_resolve.js';
export { defaultCacheDir, installFolder } from './hub/node_cache.js';
// Converting in memory is the Node resolver's (and the ./converters entry's): the shared entry
// leaves it out so browser bundles do not carry the checkpoint readers.
export { convertToFiles } from './hub/convert_folder.js';
export { EncodePool, type EncodePoolOptions, type PoolEncodeOptions } from './parallel/encode_pool.js';
export { encodeBatched, type SortBy } from './parallel/batching.js';
export { useWasmThreads } from './backends/node_wasm_threads.js';
// Embedding store on an embedded LanceDB table (the optional @lancedb/lancedb, imported on first use).
export * from './store/index.js';

/** SentenceTransformer whose load() takes a registry name, a folder, a .zip, a hub id or a URL. */
export class SentenceTransformer extends BaseSentenceTransformer {
  static override async load(nameOrPathOrUrl: string, options: LoadOptions & ResolveOptions = {}): Promise<BaseSentenceTransformer> {
    const resolve = options.resolve ?? ((x: string) => resolveModelSource(x, options));
    return BaseSentenceTransformer.load(nameOrPathOrUrl, { ...options, resolve });
  }
}

/** CrossEncoder whose load() takes a folder, a .zip, a hub id or a URL, as SentenceTransformer's does. */
export class CrossEncoder extends BaseCrossEncoder {
  static override async load(nameOrPathOrUrl: string, options: CrossEncoderLoadOptions & ResolveOptions = {}): Promise<BaseCrossEncoder> {
    const resolve = options.resolve ?? ((x: string) => resolveModelSource(x, options));
    return BaseCrossEncoder.load(nameOrPathOrUrl, { ...options, resolve });
  }
}
