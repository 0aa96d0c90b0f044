// Module kind -> loader. Which kind a modules.json `type` names (and which types are refused) is
// the format's table (src/format/modules.ts); this file only says how each kind is built.
import { CONFIG_FILE, joinPath } from '../format/files.js';
import type { ModuleEntry, ModuleKind } from '../format/modules.js';
import { readJson, type FileSource } from '../io/file_source.js';
import { disposeStored } from '../io/host_weight.js';
import { parseDenseConfig, parsePoolingConfig } from './config.js';
import { Dense } from './dense.js';
import type { StModule } from './features.js';
import { Normalize } from './normalize.js';
import { Pooling } from './pooling.js';
import { Transformer } from './transformer.js';
import { loadModuleWeights } from './weights.js';

export interface LoadedModule {
  module: StModule;
  /** Weight keys present in the files that the module did not use. */
  unusedKeys: string[];
}

export type ModuleLoader = (source: FileSource, entry: ModuleEntry) => Promise<LoadedModule>;

export const MODULE_LOADERS: Readonly<Record<ModuleKind, ModuleLoader>> = {
  // v0.2 - v1.x per-architecture modules (entry.legacyV02) keep the v0.2 max_seq_length rule.
  Transformer: async (source, e) => Transformer.load(source, e.path, e.name, { legacyV02: e.legacyV02 }),
  Pooling: async (source, e) => {
    const path = joinPath(e.path, CONFIG_FILE);
    return { module: new Pooling(e.name, parsePoolingConfig(await readJson(source, path), `${source.root}/${path}`)), unusedKeys: [] };
  },
  Dense: async (source, e) => {
    const path = joinPath(e.path, CONFIG_FILE);
    const config = parseDenseConfig(await readJson(source, path), `${source.root}/${path}`);
    const w = await loadModuleWeights(source, e.path);
    try {
      const { module, unusedKeys } = Dense.load(e.name, config, w.weights, { config: `${source.root}/${path}`, weights: w.file });
      disposeStored(unusedKeys.map((k) => w.weights.get(k)!));
      return { module, unusedKeys };
    } catch (err) {
      disposeStored(w.weights.values());
      throw err;
    }
  },
  Normalize: async (_source, e) => ({ module: new Normalize(e.name), unusedKeys: [] }),
};

/** The loader of a parsed modules.json entry (its kind was checked by parseModulesJson). */
export function loaderFor(entry: ModuleEntry): ModuleLoader {
  return MODULE_LOADERS[entry.kind];
}
