// Weights of one module folder: the converted tf.js manifest (model.json + shards) when present,
// else the original checkpoint (model.safetensors / pytorch_model.bin) read by the TypeScript
// converter's readers. Names stay the checkpoint's (STYLE.md P2). The weights come back as host
// weights (io/host_weight.ts): uploaded one by one as the module tree takes them.
import { WeightError } from '../errors.js';
import { readCheckpointWeights } from '../io/checkpoint_weights.js';
import type { FileSource } from '../io/file_source.js';
import type { StoredWeight } from '../io/host_weight.js';
import { readManifestWeights } from '../io/weights_manifest.js';

/** The converted manifest name, and the checkpoint names the reference saves, in its preference order. */
export const MANIFEST_FILE = 'model.json';
export const CHECKPOINT_FILES = ['model.safetensors', 'pytorch_model.bin'] as const;

export function joinPath(dir: string, file: string): string {
  return dir === '' ? file : `${dir}/${file}`;
}

export interface ModuleWeights {
  /** Not yet on the backend: WeightStore uploads what a module takes (io/host_weight.ts). */
  weights: Map<string, StoredWeight>;
  /** The file they came from (for error messages). */
  file: string;
}

/** Weights of the module in `dir`; throws WeightError naming the folder when there are none. */
export async function loadModuleWeights(source: FileSource, dir: string): Promise<ModuleWeights> {
  const manifest = joinPath(dir, MANIFEST_FILE);
  if (await source.exists(manifest)) return { weights: await readManifestWeights(source, manifest), file: `${source.root}/${manifest}` };
  for (const name of CHECKPOINT_FILES) {
    const path = joinPath(dir, name);
    if (!(await source.exists(path))) continue;
    return { weights: await readCheckpointWeights(source, path), file: `${source.root}/${path}` };
  }
  throw new WeightError(`${source.root}/${dir}`, '*', `no weights found: expected ${MANIFEST_FILE} (converted) or ${CHECKPOINT_FILES.join(' / ')}`);
}
