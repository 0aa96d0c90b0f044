// Builds the module list of a sentence-transformers folder from modules.json (or, without one,
// Transformer + mean Pooling as the reference does), plus config_sentence_transformers.json.
import { ConfigError } from '../errors.js';
import { MODULES_FILE, ST_MODEL_CONFIG_FILE } from '../format/files.js';
import { parseModulesJson, type ModuleEntry } from '../format/modules.js';
import { readJson, type FileSource } from '../io/file_source.js';
import { parseStModelConfig, type StModelConfig } from '../modules/config.js';
import type { StModule } from '../modules/features.js';
import { Pooling } from '../modules/pooling.js';
import { loaderFor } from '../modules/registry.js';
import { Transformer } from '../modules/transformer.js';

export interface LoadedPipeline {
  modules: StModule[];
  config: StModelConfig;
  /** Unused weight keys per module name (e.g. "0": ["pooler.dense.weight", ...]). */
  unusedKeys: Record<string, string[]>;
}

const EMPTY_CONFIG: StModelConfig = { prompts: {}, default_prompt_name: null, similarity_fn_name: null };

export async function loadPipeline(source: FileSource): Promise<LoadedPipeline> {
  const config = (await source.exists(ST_MODEL_CONFIG_FILE))
    ? parseStModelConfig(await readJson(source, ST_MODEL_CONFIG_FILE), `${source.root}/${ST_MODEL_CONFIG_FILE}`)
    : EMPTY_CONFIG;
  const modules: StModule[] = [];
  const unusedKeys: Record<string, string[]> = {};
  try {
    if (!(await source.exists(MODULES_FILE))) {
      // A plain Hugging Face folder: the reference wraps it as Transformer + mean pooling.
      const { module, unusedKeys: unused } = await Transformer.load(source, '', '0');
      modules.push(module);
      unusedKeys['0'] = unused;
      modules.push(new Pooling('1', { word_embedding_dimension: module.hiddenSize, modes: ['mean'], include_prompt: true }));
      return { modules, config, unusedKeys };
    }
    const file = `${source.root}/${MODULES_FILE}`;
    const entries: ModuleEntry[] = parseModulesJson(await readJson(source, MODULES_FILE), file);
    // Checked before any module loads its weights: a failure after would have to free them.
    if (entries[0]!.kind !== 'Transformer') {
      throw new ConfigError(file, '[0].type', `must be a Transformer module (the pipeline starts from token ids), found ${JSON.stringify(entries[0]!.type)}`);
    }
    for (const entry of entries) {
      const { module, unusedKeys: unused } = await loaderFor(entry)(source, entry);
      modules.push(module);
      if (unused.length > 0) unusedKeys[entry.name] = unused;
    }
    return { modules, config, unusedKeys };
  } catch (e) {
    for (const m of modules) m.dispose();
    throw e;
  }
}

/** Frees every module's weights. */
export function disposePipeline(modules: readonly StModule[]): void {
  for (const m of modules) m.dispose();
}
