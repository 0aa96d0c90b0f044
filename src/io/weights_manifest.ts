// Reads a tf.js weights manifest (`model.json` + shards, FORMATS.md §4) through a FileSource, so
// the same code loads from a folder in Node and over HTTP in the browser. Shard paths are relative
// to the manifest's folder; the bytes are decoded by tf.io.decodeWeights (float16 entries widen).
import * as tf from '@tensorflow/tfjs-core';
import { WeightError } from '../errors.js';
import type { FileSource } from './file_source.js';
import { readJson } from './file_source.js';

const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, float16: 2, uint16: 2, uint8: 1 };

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** An ArrayBuffer holding exactly these bytes (Node's readFile may return a view on a pooled buffer). */
function exactBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

/** Every weight of the manifest at `manifestPath`, by name. Throws WeightError naming the file. */
export async function loadWeights(source: FileSource, manifestPath = 'model.json'): Promise<Map<string, tf.Tensor>> {
  const file = `${source.root}/${manifestPath}`;
  const json = await readJson(source, manifestPath);
  const groups = (json as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(groups)) throw new WeightError(file, 'weightsManifest', 'is missing or not a list');
  const out = new Map<string, tf.Tensor>();
  const dir = folderOf(manifestPath);
  for (const [g, group] of groups.entries()) {
    const { paths, weights } = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string') || !Array.isArray(weights)) {
      throw new WeightError(file, `weightsManifest[${g}]`, 'needs "paths" (strings) and "weights" (a list)');
    }
    const specs = weights as tf.io.WeightsManifestEntry[];
    let expected = 0;
    for (const spec of specs) {
      if (typeof spec?.name !== 'string' || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
        throw new WeightError(file, `weightsManifest[${g}]`, `has a malformed entry ${JSON.stringify(spec)}`);
      }
      const raw = spec.quantization?.dtype ?? spec.dtype;
      const size = DTYPE_BYTES[raw];
      if (size === undefined) throw new WeightError(file, spec.name, `has unsupported dtype "${raw}"`);
      if (out.has(spec.name)) throw new WeightError(file, spec.name, 'appears twice in the manifest');
      expected += spec.shape.reduce((p, d) => p * d, 1) * size;
    }
    for (const p of paths as string[]) {
      if (p.startsWith('/') || p.split('/').includes('..')) throw new WeightError(file, `weightsManifest[${g}].paths`, `shard path "${p}" must be relative and stay in the folder`);
    }
    const shards = await Promise.all((paths as string[]).map((p) => source.readBytes(`${dir}${p}`)));
    const found = shards.reduce((s, b) => s + b.byteLength, 0);
    if (found !== expected) {
      throw new WeightError(file, `weightsManifest[${g}]`, `shards hold ${found} bytes but the weights need ${expected}`);
    }
    const decoded = tf.io.decodeWeights(shards.map(exactBuffer), specs);
    for (const spec of specs) out.set(spec.name, decoded[spec.name]!);
  }
  return out;
}
