// One module folder's checkpoint → tf.js manifest files. Picks the checkpoint the way the
// reference does (safetensors first, then pytorch_model.bin, either possibly sharded through an
// *.index.json), keeps float tensors under their checkpoint names, and skips integer/bool buffers
// (position_ids, token_type_ids): the models recompute them, and torch counts them as buffers,
// not parameters.
import { WeightError } from '../errors.js';
import { CHECKPOINT_FILES, isCheckpointIndex, joinPath } from '../format/files.js';
import { parseJson } from '../format/json.js';
import { duplicateTensor, missingShard, parseShardIndex } from '../format/shard_index.js';
import { detectFormat, readCheckpoint } from '../checkpoint/read.js';
import type { CheckpointFormat } from '../checkpoint/read.js';
import { FLOAT_DTYPES, numelOf, toFloat32 } from '../checkpoint/types.js';
import type { RawTensor } from '../checkpoint/types.js';
import { writeWeightsManifest } from './manifest_writer.js';
import type { NamedArray, StorageDType } from './manifest_writer.js';

export interface WeightsReport {
  /** Output folder of the module ('' = root). */
  readonly path: string;
  /** The checkpoint file(s) read, relative to the input. */
  readonly sources: string[];
  readonly format: CheckpointFormat;
  readonly tensors: number;
  /** Σ numel of the converted (float) tensors: torch's parameter count. */
  readonly parameters: number;
  /** Non-float tensors left out, with their dtype. */
  readonly skipped: string[];
  /** dtype → tensor count in the source. */
  readonly sourceDtypes: Record<string, number>;
}

/** The checkpoint path(s) of a module folder, or undefined when it has none. */
export function findCheckpoint(files: ReadonlyMap<string, Uint8Array>, dir: string, root: string): string[] | undefined {
  for (const name of CHECKPOINT_FILES) {
    const path = joinPath(dir, name);
    const bytes = files.get(path);
    if (bytes === undefined) continue;
    if (!isCheckpointIndex(name)) return [path];
    const file = `${root}/${path}`;
    const shards = parseShardIndex(parseJson(bytes, file), file);
    for (const s of shards) if (!files.has(joinPath(dir, s))) throw missingShard(file, s);
    return shards.map((s) => joinPath(dir, s));
  }
  return undefined;
}

/** Reads one module's checkpoint(s) and writes its manifest files under `outDir`. */
export function convertModuleWeights(
  files: ReadonlyMap<string, Uint8Array>,
  inDir: string,
  outDir: string,
  root: string,
  options: { dtype: StorageDType; shardBytes?: number },
  /** Explicit checkpoint paths (a single file given by the user); found in `inDir` otherwise. */
  explicit?: string[],
): { files: Map<string, Uint8Array>; report: WeightsReport } {
  const sources = explicit ?? findCheckpoint(files, inDir, root);
  if (sources === undefined) {
    throw new WeightError(inDir === '' ? root : `${root}/${inDir}`, '*', `no weights found: expected one of ${CHECKPOINT_FILES.join(', ')}`);
  }
  const tensors = new Map<string, RawTensor>();
  let format: CheckpointFormat = 'safetensors';
  for (const path of sources) {
    const bytes = files.get(path)!;
    const file = `${root}/${path}`;
    format = detectFormat(bytes, file);
    for (const [name, t] of readCheckpoint(bytes, file)) {
      if (tensors.has(name)) throw duplicateTensor(file, name);
      tensors.set(name, t);
    }
  }
  const arrays: NamedArray[] = [];
  const skipped: string[] = [];
  const sourceDtypes: Record<string, number> = {};
  let parameters = 0;
  for (const t of tensors.values()) {
    sourceDtypes[t.dtype] = (sourceDtypes[t.dtype] ?? 0) + 1;
    if (!FLOAT_DTYPES.has(t.dtype)) {
      skipped.push(`${t.name} (${t.dtype})`);
      continue;
    }
    arrays.push({ name: t.name, shape: t.shape, data: toFloat32(t) });
    parameters += numelOf(t.shape);
  }
  const written = writeWeightsManifest(arrays, {
    dtype: options.dtype,
    ...(options.shardBytes === undefined ? {} : { shardBytes: options.shardBytes }),
    metadata: { source: sources, sourceFormat: format, sourceDtypes, ...(skipped.length > 0 ? { skipped } : {}) },
  });
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of written) out.set(joinPath(outDir, name), bytes);
  return { files: out, report: { path: outDir, sources, format, tensors: arrays.length, parameters, skipped, sourceDtypes } };
}
