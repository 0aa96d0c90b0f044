// A PyTorch / safetensors checkpoint's tensors as host weights (host_weight.ts), converted to
// tf.js dtypes when taken: floats to float32, integers to int32.
//
// safetensors through a range reader (nodeSource) reads the header, then each tensor's own bytes
// when a module takes it: a 90 MB checkpoint is never in memory at once. Everything else (PyTorch
// zip and legacy files, or sources without ranges: HTTP, memory) is read whole, and its tensors
// are converted from views on that buffer.
import { detectFormat, readCheckpoint, readSafetensorsHeader, toFloat32, toInt32, FLOAT_DTYPES, MAX_HEADER_BYTES } from '../checkpoint/index.js';
import type { RawTensor } from '../checkpoint/index.js';
import { typedView } from '../checkpoint/types.js';
import type { FileSource, RangeReader } from './file_source.js';
import type { HostValues, HostWeight } from './host_weight.js';

function hostWeight(shape: readonly number[], float: boolean, raw: () => RawTensor, file: string): HostWeight {
  return {
    shape,
    dtype: float ? 'float32' : 'int32',
    read(): HostValues {
      const t = raw();
      return float ? toFloat32(t) : toInt32(t, file);
    },
  };
}

/**
 * The header of `path` when it is a safetensors file, else null (the caller reads it whole, and
 * the format reader gives its usual errors). Throws CheckpointError for a malformed header.
 */
function rangedSafetensors(ranges: RangeReader, path: string, file: string): Map<string, HostWeight> | null {
  const size = ranges.size(path);
  if (size < 10) return null;
  const head = new Uint8Array(8);
  ranges.read(path, 0, head);
  const view = new DataView(head.buffer);
  const n = view.getUint32(0, true);
  if (view.getUint32(4, true) !== 0 || n > MAX_HEADER_BYTES || 8 + n > size) return null;
  const prefix = new Uint8Array(8 + n);
  ranges.read(path, 0, prefix);
  try {
    if (detectFormat(prefix, file) !== 'safetensors') return null;
  } catch {
    return null;
  }
  const header = readSafetensorsHeader(prefix, file, size);
  const base = 8 + header.headerLength;
  const out = new Map<string, HostWeight>();
  for (const e of header.entries) {
    const [begin, end] = e.dataOffsets;
    out.set(e.name, hostWeight(e.shape, FLOAT_DTYPES.has(e.dtype), () => {
      const bytes = new Uint8Array(end - begin); // fresh and aligned: the typed view below is zero copy
      ranges.read(path, base + begin, bytes);
      return { name: e.name, dtype: e.dtype, shape: e.shape, data: typedView(bytes, 0, e.shape.reduce((p, d) => p * d, 1), e.dtype, file) };
    }, file));
  }
  return out;
}

/** Every tensor of the checkpoint at `path` (safetensors, PyTorch zip or legacy), by name, not yet uploaded. */
export async function readCheckpointWeights(source: FileSource, path: string): Promise<Map<string, HostWeight>> {
  const file = `${source.root}/${path}`;
  if (source.ranges !== undefined) {
    const ranged = rangedSafetensors(source.ranges, path, file);
    if (ranged !== null) return ranged;
  }
  const out = new Map<string, HostWeight>();
  for (const [key, t] of readCheckpoint(await source.readBytes(path), file)) {
    out.set(key, hostWeight(t.shape, FLOAT_DTYPES.has(t.dtype), () => t, file));
  }
  return out;
}
