// Weights of one module folder: the converted tf.js manifest (model.json + shards) when present,
// else the original checkpoint (model.safetensors / pytorch_model.bin) read in memory by the
// TypeScript converter's readers. Names stay the checkpoint's (STYLE.md P2).
import * as tf from '@tensorflow/tfjs-core';
import { readCheckpoint, toFloat32, toInt32, FLOAT_DTYPES } from '../../converters/checkpoint/index.js';
import { WeightError } from '../errors.js';
import type { FileSource } from '../io/file_source.js';
import { loadWeights } from '../io/weights_manifest.js';

/** The converted manifest name, and the checkpoint names the reference saves, in its preference order. */
export const MANIFEST_FILE = 'model.json';
export const CHECKPOINT_FILES = ['model.safetensors', 'pytorch_model.bin'] as const;

export function joinPath(dir: string, file: string): string {
  return dir === '' ? file : `${dir}/${file}`;
}

export interface ModuleWeights {
  tensors: Map<string, tf.Tensor>;
  /** The file they came from (for error messages). */
  file: string;
}

/** Weights of the module in `dir`; throws WeightError naming the folder when there are none. */
export async function loadModuleWeights(source: FileSource, dir: string): Promise<ModuleWeights> {
  const manifest = joinPath(dir, MANIFEST_FILE);
  if (await source.exists(manifest)) return { tensors: await loadWeights(source, manifest), file: `${source.root}/${manifest}` };
  for (const name of CHECKPOINT_FILES) {
    const path = joinPath(dir, name);
    if (!(await source.exists(path))) continue;
    const file = `${source.root}/${path}`;
    const raw = readCheckpoint(await source.readBytes(path), file);
    const tensors = new Map<string, tf.Tensor>();
    for (const [key, t] of raw) {
      const shape = [...t.shape];
      tensors.set(key, FLOAT_DTYPES.has(t.dtype) ? tf.tensor(toFloat32(t), shape, 'float32') : tf.tensor(toInt32(t, file), shape, 'int32'));
    }
    return { tensors, file };
  }
  throw new WeightError(`${source.root}/${dir}`, '*', `no weights found: expected ${MANIFEST_FILE} (converted) or ${CHECKPOINT_FILES.join(' / ')}`);
}
