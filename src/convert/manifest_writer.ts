// Named float32 arrays → a tf.js weights manifest (read back by src/io/weights_manifest.ts):
// `model.json` with one group whose bytes are the weights concatenated in order, cut into 4 MiB
// shards `group1-shard{i}of{n}.bin`. Names and layouts stay the checkpoint's ([out, in] Linear
// weights untransposed: the modules transpose at load). `float16` storage writes
// `quantization: {dtype: 'float16'}` entries, which tf.io.decodeWeights widens back to float32.
import { MANIFEST_FILE } from '../format/files.js';

export { MANIFEST_FILE };

/** tfjs-converter's default shard size. */
export const SHARD_BYTES = 4 * 1024 * 1024;

export type StorageDType = 'float32' | 'float16';

export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16'; original_dtype: 'float32' };
}

export interface ModelJson {
  format: string;
  generatedBy: string;
  weightsManifest: { paths: string[]; weights: ManifestEntry[] }[];
  userDefinedMetadata: Record<string, unknown>;
}

export interface ManifestOptions {
  dtype?: StorageDType;
  shardBytes?: number;
  /** Stored under userDefinedMetadata (e.g. the source file, skipped buffers). */
  metadata?: Record<string, unknown>;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → IEEE binary16 bits, rounding to nearest even (overflow → ±Inf, NaN kept NaN). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal: ±0
    const m = mant | 0x800000; // implicit leading 1
    const shift = 14 - e;
    let half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++; // may carry into the exponent: still correct
  return sign | half;
}

/** Builds model.json and its shards; returns file name → bytes (names relative to the manifest). */
export function writeWeightsManifest(arrays: readonly NamedArray[], options: ManifestOptions = {}): Map<string, Uint8Array> {
  const dtype = options.dtype ?? 'float32';
  const shardBytes = options.shardBytes ?? SHARD_BYTES;
  const elementBytes = dtype === 'float16' ? 2 : 4;
  const names = new Set<string>();
  let total = 0;
  for (const a of arrays) {
    if (names.has(a.name)) throw new RangeError(`weight name "${a.name}" appears twice`);
    names.add(a.name);
    const numel = a.shape.reduce((p, d) => p * d, 1);
    if (numel !== a.data.length) throw new RangeError(`weight "${a.name}" has ${a.data.length} values for shape [${a.shape.join(', ')}]`);
    total += numel * elementBytes;
  }

  // One little-endian byte stream for the group, then cut into shards. Every entry is a whole
  // number of elements of one size, so typed-array views on the stream stay aligned.
  if (!LITTLE_ENDIAN) throw new RangeError('writing tf.js shards needs a little-endian platform');
  const stream = new Uint8Array(total);
  let at = 0;
  const weights: ManifestEntry[] = [];
  for (const a of arrays) {
    const entry: ManifestEntry = { name: a.name, shape: [...a.shape], dtype: 'float32' };
    if (dtype === 'float16') {
      entry.quantization = { dtype: 'float16', original_dtype: 'float32' };
      const half = new Uint16Array(stream.buffer, at, a.data.length);
      for (let i = 0; i < a.data.length; i++) half[i] = float32ToFloat16Bits(a.data[i]!);
    } else {
      new Float32Array(stream.buffer, at, a.data.length).set(a.data);
    }
    at += a.data.length * elementBytes;
    weights.push(entry);
  }

  const count = Math.max(1, Math.ceil(total / shardBytes));
  const files = new Map<string, Uint8Array>();
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `group1-shard${i + 1}of${count}.bin`;
    paths.push(name);
    files.set(name, stream.subarray(i * shardBytes, Math.min(total, (i + 1) * shardBytes)));
  }
  const modelJson: ModelJson = {
    format: 'sbert-tfjs-weights',
    generatedBy: 'sbert-tfjs src/convert/convert.ts',
    weightsManifest: [{ paths, weights }],
    userDefinedMetadata: { weightLayout: 'pytorch: names and shapes as in the checkpoint; nn.Linear weights [out, in]', ...options.metadata },
  };
  files.set(MANIFEST_FILE, new TextEncoder().encode(`${JSON.stringify(modelJson, null, 1)}\n`));
  return files;
}
