// The one tensor record every checkpoint reader returns, and exact conversions to tf.js dtypes.
// float16 and bfloat16 widen to float32 exactly; int64 narrows to int32 only
// when every value fits.
import { CheckpointError } from '../errors.js';

export type RawDType =
  | 'float32' | 'float16' | 'bfloat16' | 'float64'
  | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** Element storage per dtype. float16/bfloat16 keep their raw bits; bool is one byte per element. */
export type RawData = Float32Array | Float64Array | Uint16Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

/**
 * One named tensor, contiguous and row-major. `data` may be a view on the checkpoint's bytes
 * (zero copy when aligned): copy it before mutating.
 */
export interface RawTensor {
  readonly name: string;
  readonly dtype: RawDType;
  /** [] for a 0-d scalar; a 0 anywhere means an empty tensor. */
  readonly shape: readonly number[];
  readonly data: RawData;
}

/** Bytes per element of each dtype (PyTorch / safetensors element sizes). */
export const DTYPE_BYTES: Readonly<Record<RawDType, number>> = {
  float32: 4, float16: 2, bfloat16: 2, float64: 8, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

export const FLOAT_DTYPES: ReadonlySet<RawDType> = new Set(['float32', 'float16', 'bfloat16', 'float64']);

/** Π shape, checked to stay a safe integer (1 for a scalar). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n)) throw new RangeError(`shape [${shape.join(', ')}] has more than 2^53 elements`);
  }
  return n;
}

// Typed arrays use the platform's byte order; every checkpoint format here is little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A typed-array view of `count` elements of `dtype` at `bytes[start…]`: zero copy when the
 * absolute offset is aligned to the element size, otherwise copied into a fresh buffer.
 */
export function typedView(bytes: Uint8Array, start: number, count: number, dtype: RawDType, file: string): RawData {
  if (!LITTLE_ENDIAN) throw new CheckpointError(file, 'reading checkpoints needs a little-endian platform');
  const size = DTYPE_BYTES[dtype];
  const byteLength = count * size;
  if (start < 0 || start + byteLength > bytes.byteLength) {
    throw new CheckpointError(file, `tensor bytes [${start}, ${start + byteLength}) run past the end (${bytes.byteLength} bytes)`);
  }
  let buffer = bytes.buffer;
  let offset = bytes.byteOffset + start;
  if (offset % size !== 0) {
    buffer = bytes.slice(start, start + byteLength).buffer;
    offset = 0;
  }
  switch (dtype) {
    case 'float32': return new Float32Array(buffer, offset, count);
    case 'float64': return new Float64Array(buffer, offset, count);
    case 'float16':
    case 'bfloat16': return new Uint16Array(buffer, offset, count);
    case 'int64': return new BigInt64Array(buffer, offset, count);
    case 'int32': return new Int32Array(buffer, offset, count);
    case 'int16': return new Int16Array(buffer, offset, count);
    case 'int8': return new Int8Array(buffer, offset, count);
    case 'uint8':
    case 'bool': return new Uint8Array(buffer, offset, count);
  }
}

/** An empty array of `dtype` with `count` elements (for gathering non-contiguous views). */
export function allocate(dtype: RawDType, count: number): RawData {
  return typedView(new Uint8Array(count * DTYPE_BYTES[dtype]), 0, count, dtype, '<allocate>');
}

let halfTable: Float32Array | undefined;

/** All 65,536 float16 bit patterns → float32 (exact: every binary16 value is a binary32 value). */
function float16Table(): Float32Array {
  if (halfTable !== undefined) return halfTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) table[h] = sign * mantissa * 2 ** -24; // zero and subnormals: m·2⁻²⁴
    else if (exponent === 31) table[h] = mantissa === 0 ? sign * Infinity : NaN;
    else table[h] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  halfTable = table;
  return table;
}

/** float16 bit patterns → float32 values. */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const table = float16Table();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]!]!;
  return out;
}

/** bfloat16 is the top half of a float32: shift the 16 bits into the high half. */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = bits[i]! << 16;
  return new Float32Array(out.buffer);
}

/**
 * The tensor's values as float32. float32 data is returned as is (it may alias the checkpoint:
 * copy before mutating); float16/bfloat16 widen exactly; float64 and integers round to nearest.
 */
export function toFloat32(t: RawTensor): Float32Array {
  const d = t.data;
  switch (t.dtype) {
    case 'float32': return d as Float32Array;
    case 'float16': return float16ToFloat32(d as Uint16Array);
    case 'bfloat16': return bfloat16ToFloat32(d as Uint16Array);
    case 'int64': {
      const src = d as BigInt64Array;
      const out = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = Number(src[i]!);
      return out;
    }
    default: return Float32Array.from(d as ArrayLike<number>);
  }
}

/** Integer/bool tensors as int32; int64 values outside int32 are an error naming the tensor. */
export function toInt32(t: RawTensor, file: string): Int32Array {
  if (FLOAT_DTYPES.has(t.dtype)) throw new CheckpointError(file, `tensor "${t.name}" is ${t.dtype}, not an integer dtype`);
  if (t.dtype === 'int64') {
    const src = t.data as BigInt64Array;
    const out = new Int32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const v = src[i]!;
      if (v > 2147483647n || v < -2147483648n) {
        throw new CheckpointError(file, `tensor "${t.name}" (int64) value ${v} at index ${i} does not fit int32`);
      }
      out[i] = Number(v);
    }
    return out;
  }
  return t.data instanceof Int32Array ? t.data : Int32Array.from(t.data as ArrayLike<number>);
}
