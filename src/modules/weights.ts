// Weights of one module folder: the converted tf.js manifest (model.json + shards) when present,
// else the original checkpoint (model.safetensors / pytorch_model.bin, either possibly sharded
// through an *.index.json) read by the checkpoint readers. Names stay the checkpoint's. The
// weights come back as host weights (io/host_weight.ts): uploaded one by one as the module tree
// takes them.
//
// The checkpoint readers (zip, pickle, safetensors) are imported on first use: an app that only
// loads converted folders (a browser page) then never downloads them as part of its main bundle.
import { WeightError } from '../errors.js';
import { CHECKPOINT_FILES, isCheckpointIndex, joinPath, MANIFEST_FILE } from '../format/files.js';
import { duplicateTensor, missingShard, parseShardIndex } from '../format/shard_index.js';
import { readJson, type FileSource } from '../io/file_source.js';
import type { StoredWeight } from '../io/host_weight.js';
import { readManifestWeights } from '../io/weights_manifest.js';

export interface ModuleWeights {
  /** Not yet on the backend: WeightStore uploads what a module takes (io/host_weight.ts). */
  weights: Map<string, StoredWeight>;
  /** The file they came from (for error messages): the manifest, the checkpoint or its index. */
  file: string;
}

/** Weights of the module in `dir`; throws WeightError naming the folder when there are none. */
export async function loadModuleWeights(source: FileSource, dir: string): Promise<ModuleWeights> {
  const manifest = joinPath(dir, MANIFEST_FILE);
  if (await source.exists(manifest)) return { weights: await readManifestWeights(source, manifest), file: `${source.root}/${manifest}` };
  for (const name of CHECKPOINT_FILES) {
    const path = joinPath(dir, name);
    if (!(await source.exists(path))) continue;
    const file = `${source.root}/${path}`;
    const { readCheckpointWeights } = await import('../io/checkpoint_weights.js');
    if (!isCheckpointIndex(name)) return { weights: await readCheckpointWeights(source, path), file };
    const weights = new Map<string, StoredWeight>();
    for (const shard of parseShardIndex(await readJson(source, path), file)) {
      const shardPath = joinPath(dir, shard);
      if (!(await source.exists(shardPath))) throw missingShard(file, shard);
      for (const [key, w] of await readCheckpointWeights(source, shardPath)) {
        if (weights.has(key)) throw duplicateTensor(`${source.root}/${shardPath}`, key);
        weights.set(key, w);
      }
    }
    return { weights, file };
  }
  throw new WeightError(`${source.root}/${dir}`, '*', `no weights found: expected ${MANIFEST_FILE} (converted) or one of ${CHECKPOINT_FILES.join(', ')}`);
}
