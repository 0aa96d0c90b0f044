// Decodes one tf.js manifest entry's bytes to its values on the host, with tf.io.decodeWeights'
// rules (tfjs-core io_utils.ts decodeWeight): float16 storage widens to float32 (exactly), uint8 /
// uint16 quantization maps v -> v·scale + min (rounded for int32). Host-side so the loader can
// transpose before upload and never hold more than one weight's bytes (host_weight.ts).
import { float16ToFloat32 } from '../checkpoint/types.js';
import { WeightError } from '../errors.js';
import type { HostValues } from './host_weight.js';

/** A manifest entry as tf.js writes it (tf.io.WeightsManifestEntry, the fields we read). */
export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

/** Stored bytes per element of each storage dtype. */
export const STORAGE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, float16: 2, uint16: 2, uint8: 1 };

/** The dtype the values decode to; WeightError for what tf.io.decodeWeights refuses as well. */
export function decodedDtype(spec: ManifestEntry, file: string): 'float32' | 'int32' | 'bool' {
  const q = spec.quantization;
  if (q === undefined) {
    if (spec.dtype === 'float32' || spec.dtype === 'int32' || spec.dtype === 'bool') return spec.dtype;
    throw new WeightError(file, spec.name, `has unsupported dtype "${spec.dtype}"`);
  }
  if (q.dtype === 'float16') {
    if (spec.dtype !== 'float32') throw new WeightError(file, spec.name, `is quantized with float16, which only supports float32 weights, not ${spec.dtype}`);
    return 'float32';
  }
  if (q.dtype !== 'uint8' && q.dtype !== 'uint16') {
    throw new WeightError(file, spec.name, `has unknown quantization dtype "${q.dtype}"; supported: uint8, uint16, float16`);
  }
  if (typeof q.scale !== 'number' || typeof q.min !== 'number') {
    throw new WeightError(file, spec.name, `is quantized with ${q.dtype} but has no numeric "min" and "scale"`);
  }
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
    throw new WeightError(file, spec.name, `is quantized with ${q.dtype}, which supports float32 and int32 weights, not ${spec.dtype}`);
  }
  return spec.dtype;
}

/** `bytes` (exactly the entry's stored bytes, starting at byteOffset 0 of its own buffer) -> values. */
export function decodeEntry(spec: ManifestEntry, bytes: Uint8Array, file: string): HostValues {
  const dtype = decodedDtype(spec, file);
  const buffer = bytes.buffer as ArrayBuffer;
  const q = spec.quantization;
  if (q === undefined) {
    if (dtype === 'float32') return new Float32Array(buffer, bytes.byteOffset, bytes.byteLength / 4);
    if (dtype === 'int32') return new Int32Array(buffer, bytes.byteOffset, bytes.byteLength / 4);
    return bytes;
  }
  if (q.dtype === 'float16') return float16ToFloat32(new Uint16Array(buffer, bytes.byteOffset, bytes.byteLength / 2));
  const stored = q.dtype === 'uint8' ? bytes : new Uint16Array(buffer, bytes.byteOffset, bytes.byteLength / 2);
  const [scale, min] = [q.scale!, q.min!];
  if (dtype === 'int32') return Int32Array.from(stored, (v) => Math.round(v * scale + min));
  return Float32Array.from(stored, (v) => v * scale + min);
}
