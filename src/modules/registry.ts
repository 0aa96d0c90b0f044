// modules.json "type" -> loader (STYLE.md P8). The reference writes the dotted path of the class
// (sentence_transformers.base.modules.transformer.Transformer in 6.x, sentence_transformers.models.Pooling
// earlier, sentence_transformers.models.BERT in v0.2), so we key on the class name and require the
// sentence_transformers package; anything else (custom remote code, CNN, WordEmbeddings) is refused.
import { ConfigError } from '../errors.js';
import { readJson, type FileSource } from '../io/file_source.js';
import { disposeStored } from '../io/host_weight.js';
import { parseDenseConfig, parsePoolingConfig, type ModuleEntry } from './config.js';
import { Dense } from './dense.js';
import type { StModule } from './features.js';
import { Normalize } from './normalize.js';
import { Pooling } from './pooling.js';
import { Transformer } from './transformer.js';
import { joinPath, loadModuleWeights } from './weights.js';

export interface LoadedModule {
  module: StModule;
  /** Weight keys present in the files that the module did not use. */
  unusedKeys: string[];
}

export type ModuleLoader = (source: FileSource, entry: ModuleEntry) => Promise<LoadedModule>;

const loadTransformer: ModuleLoader = async (source, e) => Transformer.load(source, e.path, e.name);
const loadV02Transformer: ModuleLoader = async (source, e) => Transformer.load(source, e.path, e.name, { legacyV02: true });

export const MODULE_LOADERS: Readonly<Record<string, ModuleLoader>> = {
  Transformer: loadTransformer,
  // v0.2 - v1.x per-architecture modules: Transformer with the v0.2 max_seq_length rule (FORMATS.md §2.1).
  BERT: loadV02Transformer,
  RoBERTa: loadV02Transformer,
  DistilBERT: loadV02Transformer,
  XLMRoBERTa: loadV02Transformer,
  CamemBERT: loadV02Transformer,
  Pooling: async (source, e) => {
    const path = joinPath(e.path, 'config.json');
    return { module: new Pooling(e.name, parsePoolingConfig(await readJson(source, path), `${source.root}/${path}`)), unusedKeys: [] };
  },
  Dense: async (source, e) => {
    const path = joinPath(e.path, 'config.json');
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

/** The loader for a modules.json type string; ConfigError naming the entry otherwise. */
export function loaderFor(entry: ModuleEntry, file: string): ModuleLoader {
  const cls = entry.type.split('.').pop() ?? '';
  const load = entry.type.startsWith('sentence_transformers.') ? MODULE_LOADERS[cls] : undefined;
  if (load === undefined) {
    throw new ConfigError(file, `[${entry.idx}].type`, `"${entry.type}" has no loader; known classes: ${Object.keys(MODULE_LOADERS).join(', ')} (from sentence_transformers)`);
  }
  return load;
}
