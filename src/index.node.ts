// Node entry: the shared API, plus nodeSource and resolution of model names, folders, zips, hub
// ids and URLs with the on-disk cache. Its SentenceTransformer.load() resolves all of those.
import { discardEntry, resolveModelSource, type ResolveOptions } from './hub/node_resolve.js';
import { CrossEncoder as BaseCrossEncoder, type CrossEncoderLoadOptions } from './cross_encoder/cross_encoder.js';
import { SentenceTransformer as BaseSentenceTransformer, type LoadOptions } from './pipeline/sentence_transformer.js';
import type { FileSource } from './io/file_source.js';

export * from './index.js';
export * from './hub/index.js';
export { nodeSource } from './io/node_file_source.js';
export { resolveModelDir, resolveModel, resolveModelSource, repoModelDirs, discardEntry, type ResolveOptions, type ResolvedDir } from './hub/node_resolve.js';
export { defaultCacheDir, installFolder, listEntries, clearCache, type CacheEntry } from './hub/node_cache.js';
// Converting in memory is the Node resolver's (and the ./converters entry's): the shared entry
// leaves it out so browser bundles do not carry the checkpoint readers.
export { convertToFiles } from './hub/convert_folder.js';
export { EncodePool, type EncodePoolOptions, type PoolEncodeOptions } from './parallel/encode_pool.js';
export { encodeBatched, type SortBy } from './parallel/batching.js';
export { useWasmThreads } from './backends/node_wasm_threads.js';
// Embedding store on an embedded LanceDB table (the optional @lancedb/lancedb, imported on first use).
export * from './store/index.js';

/** Runs a load with the Node resolver; cache entries it installed are removed when the load fails. */
async function loadLeavingNothing<T>(options: ResolveOptions & { resolve?: (x: string) => Promise<FileSource> }, load: (resolve: (x: string) => Promise<FileSource>) => Promise<T>): Promise<T> {
  if (options.resolve !== undefined) return load(options.resolve);
  const installed: string[] = [];
  const onInstall = (dir: string): void => {
    installed.push(dir);
    options.onInstall?.(dir);
  };
  try {
    return await load((x) => resolveModelSource(x, { ...options, onInstall }));
  } catch (e) {
    for (const dir of installed) await discardEntry(dir, options).catch(() => undefined);
    throw e;
  }
}

/** SentenceTransformer whose load() takes a registry name, a folder, a .zip, a hub id or a URL. */
export class SentenceTransformer extends BaseSentenceTransformer {
  static override async load(nameOrPathOrUrl: string, options: LoadOptions & ResolveOptions = {}): Promise<BaseSentenceTransformer> {
    return loadLeavingNothing(options, (resolve) => BaseSentenceTransformer.load(nameOrPathOrUrl, { ...options, resolve }));
  }
}

/** CrossEncoder whose load() takes a folder, a .zip, a hub id or a URL, as SentenceTransformer's does. */
export class CrossEncoder extends BaseCrossEncoder {
  static override async load(nameOrPathOrUrl: string, options: CrossEncoderLoadOptions & ResolveOptions = {}): Promise<BaseCrossEncoder> {
    return loadLeavingNothing(options, (resolve) => BaseCrossEncoder.load(nameOrPathOrUrl, { ...options, resolve }));
  }
}
