// Reads a tf.js weights manifest (`model.json` + shards) through a FileSource, so
// the same code loads from a folder in Node and over HTTP in the browser. Shard paths are relative
// to the manifest's folder. A group's weights are packed back to back across its shards.
//
// readManifestWeights gives host weights (host_weight.ts): each is decoded (decode_weight.ts) when
// a module takes it. With a source that reads byte ranges (nodeSource) a weight reads only its own
// bytes from the shards that hold it and nothing stays in memory; other sources (HTTP, memory)
// fetch every shard first and weights copy their bytes out of them.
import type * as tf from '@tensorflow/tfjs-core';
import { WeightError } from '../errors.js';
import { MANIFEST_FILE } from '../format/files.js';
import { MAX_TENSOR_ELEMENTS, MAX_TENSOR_RANK, MAX_TENSORS } from '../format/limits.js';
import { decodeEntry, decodedDtype, STORAGE_BYTES, type ManifestEntry } from './decode_weight.js';
import type { FileSource } from './file_source.js';
import { readJson } from './file_source.js';
import { uploadAll, type HostWeight } from './host_weight.js';

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** Where a group's bytes are: shard sizes, and how to copy [start, start + into.length) of the group into `into`. */
interface GroupBytes {
  sizes: number[];
  copy(start: number, into: Uint8Array): void;
}

/** Copies group bytes [start, start + into.length) shard by shard with `readPart(shard, offset, into)`. */
function copyAcross(sizes: readonly number[], start: number, into: Uint8Array, readPart: (shard: number, offset: number, into: Uint8Array) => void): void {
  let shardStart = 0;
  let done = 0;
  for (let s = 0; s < sizes.length && done < into.byteLength; s++) {
    const shardEnd = shardStart + sizes[s]!;
    const at = start + done;
    if (at < shardEnd) {
      const n = Math.min(shardEnd - at, into.byteLength - done);
      readPart(s, at - shardStart, into.subarray(done, done + n));
      done += n;
    }
    shardStart = shardEnd;
  }
}

async function groupBytes(source: FileSource, paths: readonly string[]): Promise<GroupBytes> {
  const ranges = source.ranges;
  if (ranges !== undefined) {
    const sizes = paths.map((p) => ranges.size(p));
    return { sizes, copy: (start, into) => copyAcross(sizes, start, into, (s, offset, part) => ranges.read(paths[s]!, offset, part)) };
  }
  const shards = await Promise.all(paths.map((p) => source.readBytes(p)));
  const sizes = shards.map((b) => b.byteLength);
  return { sizes, copy: (start, into) => copyAcross(sizes, start, into, (s, offset, part) => part.set(shards[s]!.subarray(offset, offset + part.byteLength))) };
}

/** Every weight of the manifest at `manifestPath`, by name, not yet uploaded. Throws WeightError naming the file. */
export async function readManifestWeights(source: FileSource, manifestPath = MANIFEST_FILE): Promise<Map<string, HostWeight>> {
  const file = `${source.root}/${manifestPath}`;
  const json = await readJson(source, manifestPath);
  const groups = (json as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(groups)) throw new WeightError(file, 'weightsManifest', 'is missing or not a list');
  const out = new Map<string, HostWeight>();
  const names = new Set<string>();
  const dir = folderOf(manifestPath);
  let tensors = 0;
  for (const [g, group] of groups.entries()) {
    if (typeof group !== 'object' || group === null || Array.isArray(group)) throw new WeightError(file, `weightsManifest[${g}]`, `must be an object with "paths" and "weights", found ${group === null ? 'null' : typeof group}`);
    const { paths, weights } = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string') || !Array.isArray(weights)) {
      throw new WeightError(file, `weightsManifest[${g}]`, 'needs "paths" (strings) and "weights" (a list)');
    }
    const specs = weights as ManifestEntry[];
    tensors += specs.length;
    if (tensors > MAX_TENSORS) throw new WeightError(file, `weightsManifest[${g}].weights`, `lists more than the limit of ${MAX_TENSORS} weights (MAX_TENSORS)`);
    const placed: Array<{ spec: ManifestEntry; start: number; length: number; dtype: HostWeight['dtype'] }> = [];
    let expected = 0;
    for (const spec of specs) {
      if (typeof spec !== 'object' || spec === null || typeof spec.name !== 'string' || !Array.isArray(spec.shape) || spec.shape.length > MAX_TENSOR_RANK ||
        !spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw new WeightError(file, `weightsManifest[${g}]`, `has a malformed entry ${JSON.stringify(spec)?.slice(0, 200)}: expected {name, shape (at most ${MAX_TENSOR_RANK} non-negative integers), dtype}`);
      }
      if (spec.quantization !== undefined && (typeof spec.quantization !== 'object' || spec.quantization === null)) {
        throw new WeightError(file, spec.name, `field "quantization" must be an object, found ${JSON.stringify(spec.quantization)}`);
      }
      const elements = spec.shape.reduce((p, d) => p * d, 1);
      if (elements > MAX_TENSOR_ELEMENTS) throw new WeightError(file, spec.name, `shape [${spec.shape.join(', ')}] has ${elements} elements, more than the limit of ${MAX_TENSOR_ELEMENTS} (MAX_TENSOR_ELEMENTS)`);
      const raw = spec.quantization?.dtype ?? spec.dtype;
      // Own keys only: "constructor" or "toString" must not find Object.prototype's members.
      const size = typeof raw === 'string' && Object.hasOwn(STORAGE_BYTES, raw) ? STORAGE_BYTES[raw] : undefined;
      if (size === undefined) throw new WeightError(file, spec.name, `has unsupported dtype "${raw}"`);
      if (names.has(spec.name)) throw new WeightError(file, spec.name, 'appears twice in the manifest');
      names.add(spec.name);
      const length = spec.shape.reduce((p, d) => p * d, 1) * size;
      placed.push({ spec, start: expected, length, dtype: decodedDtype(spec, file) });
      expected += length;
    }
    for (const p of paths as string[]) {
      if (p.startsWith('/') || p.split('/').includes('..')) throw new WeightError(file, `weightsManifest[${g}].paths`, `shard path "${p}" must be relative and stay in the folder`);
    }
    const bytes = await groupBytes(source, (paths as string[]).map((p) => `${dir}${p}`));
    const found = bytes.sizes.reduce((s, n) => s + n, 0);
    if (found !== expected) {
      throw new WeightError(file, `weightsManifest[${g}]`, `shards hold ${found} bytes but the weights need ${expected}`);
    }
    for (const { spec, start, length, dtype } of placed) {
      out.set(spec.name, {
        shape: spec.shape,
        dtype,
        read() {
          const own = new Uint8Array(length); // a fresh, aligned buffer: decodeEntry may view it
          bytes.copy(start, own);
          return decodeEntry(spec, own, file);
        },
      });
    }
  }
  return out;
}

/** Every weight of the manifest as a tensor (the caller owns them). Throws WeightError naming the file. */
export async function loadWeights(source: FileSource, manifestPath = MANIFEST_FILE): Promise<Map<string, tf.Tensor>> {
  return uploadAll(await readManifestWeights(source, manifestPath));
}
