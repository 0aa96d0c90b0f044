// The index of a sharded checkpoint (model.safetensors.index.json, pytorch_model.bin.index.json),
// as transformers' save_pretrained writes it past max_shard_size:
//   {"metadata": {"total_size": ...}, "weight_map": {"<tensor name>": "model-00001-of-00002.safetensors", ...}}
// The shards sit beside the index; each tensor is in exactly one of them.
import { CheckpointError } from '../errors.js';

/** The shard file names the index at `file` lists, in first-mention order. */
export function parseShardIndex(json: unknown, file: string): string[] {
  const map = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map) || !Object.values(map).every((v) => typeof v === 'string')) {
    throw new CheckpointError(file, 'field "weight_map" must map tensor names to shard files');
  }
  const shards = [...new Set(Object.values(map as Record<string, string>))];
  for (const s of shards) {
    // A shard path that leaves the folder would let an index read any file the loader can reach.
    if (s === '' || s.includes('/') || s.includes('\\')) throw new CheckpointError(file, `shard "${s}" must be a file name beside the index`);
  }
  return shards;
}

/** The error for a shard the index names but the folder (or repository) does not have. */
export function missingShard(file: string, shard: string): CheckpointError {
  return new CheckpointError(file, `shard "${shard}" is missing from the folder`);
}

/** The error for a tensor two shards both hold. */
export function duplicateTensor(file: string, name: string): CheckpointError {
  return new CheckpointError(file, `tensor "${name}" also appears in another shard`);
}
