// Converts the files of a sentence-transformers folder in memory (browser-safe): every
// model.safetensors / pytorch_model.bin becomes model.json + shards next to it, through the
// TypeScript converter's checkpoint readers and manifest writer; every other file is kept.
// Integer buffers (position_ids) are not weights and are skipped, as the converter does.
import { readCheckpoint, toFloat32, FLOAT_DTYPES } from '../../converters/checkpoint/index.js';
import { writeWeightsManifest, type NamedArray, type StorageDType } from '../../converters/manifest.js';

const CHECKPOINTS = ['model.safetensors', 'pytorch_model.bin'];

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** Whether `files` still holds a checkpoint that has no model.json beside it. */
export function needsConversion(paths: Iterable<string>): boolean {
  const all = new Set(paths);
  for (const p of all) {
    const name = p.split('/').pop()!;
    const dir = dirOf(p);
    if (CHECKPOINTS.includes(name) && !all.has(dir === '' ? 'model.json' : `${dir}/model.json`)) return true;
  }
  return false;
}

/** path -> bytes of the converted folder. Per folder the first checkpoint in CHECKPOINTS order wins. */
export function convertFolderFiles(files: ReadonlyMap<string, Uint8Array>, options: { dtype?: StorageDType } = {}): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const chosen = new Map<string, string>(); // dir -> checkpoint path
  for (const name of CHECKPOINTS) {
    for (const p of files.keys()) {
      if (p.split('/').pop() === name && !chosen.has(dirOf(p))) chosen.set(dirOf(p), p);
    }
  }
  for (const [p, bytes] of files) {
    if (CHECKPOINTS.includes(p.split('/').pop()!)) continue;
    out.set(p, bytes);
  }
  for (const [dir, p] of chosen) {
    if (files.has(dir === '' ? 'model.json' : `${dir}/model.json`)) continue; // already converted
    const raw = readCheckpoint(files.get(p)!, p);
    const arrays: NamedArray[] = [];
    for (const [name, t] of raw) if (FLOAT_DTYPES.has(t.dtype)) arrays.push({ name, shape: [...t.shape], data: toFloat32(t) });
    const manifest = writeWeightsManifest(arrays, { ...(options.dtype === undefined ? {} : { dtype: options.dtype }), metadata: { source: p } });
    for (const [f, b] of manifest) out.set(dir === '' ? f : `${dir}/${f}`, b);
  }
  return out;
}
