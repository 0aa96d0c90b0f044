// quantize_embeddings from sentence-transformers util/quantization.py. Arithmetic is float32
// (Math.fround at every step) because numpy computes it in float32 for float32 embeddings, and
// the floor() makes the last bit matter.
import { ArgumentError } from '../errors.js';

export type Precision = 'float32' | 'int8' | 'uint8' | 'binary' | 'ubinary';
export const PRECISIONS: readonly Precision[] = ['float32', 'int8', 'uint8', 'binary', 'ubinary'];

/** Per-dimension [min[], max[]] as the reference's `ranges` array of shape (2, D). */
export type QuantizationRanges = readonly [ArrayLike<number>, ArrayLike<number>];

export interface QuantizeOptions {
  /** Explicit per-dimension ranges (int8/uint8). */
  ranges?: QuantizationRanges;
  /** Embeddings the ranges are computed from (int8/uint8); default: the embeddings themselves. */
  calibrationEmbeddings?: readonly ArrayLike<number>[];
}

export type QuantizedRow = Float32Array | Int8Array | Uint8Array;

/** Per-dimension min and max over `rows` (float32 values, as numpy's min/max). */
export function quantizationRanges(rows: readonly ArrayLike<number>[], precision: string): [Float32Array, Float32Array] {
  if (rows.length <= 1) {
    throw new ArgumentError('embeddings', `cannot compute ${precision} quantization ranges from a single embedding; pass ranges or calibrationEmbeddings`);
  }
  const d = rows[0]!.length;
  const lo = new Float32Array(d).fill(Infinity);
  const hi = new Float32Array(d).fill(-Infinity);
  for (const r of rows) {
    for (let k = 0; k < d; k++) {
      const v = Math.fround(r[k]!);
      if (v < lo[k]!) lo[k] = v;
      if (v > hi[k]!) hi[k] = v;
    }
  }
  return [lo, hi];
}

/** np.packbits(row > 0): 8 dimensions per byte, the first in the most significant bit, zero padded. */
function packBits(row: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(row.length / 8));
  for (let k = 0; k < row.length; k++) if (row[k]! > 0) out[k >> 3]! |= 0x80 >> (k & 7);
  return out;
}

/** Rows quantized to `precision`; float32 returns float copies. */
export function quantizeEmbeddings(rows: readonly ArrayLike<number>[], precision: Precision, options: QuantizeOptions = {}): QuantizedRow[] {
  if (!PRECISIONS.includes(precision)) throw new ArgumentError('precision', `must be one of ${PRECISIONS.join(', ')}, got "${precision}"`);
  if (rows.length === 0) return [];
  if (precision === 'float32') return rows.map((r) => Float32Array.from(r));
  if (precision === 'binary') return rows.map((r) => Int8Array.from(packBits(r), (b) => b - 128));
  if (precision === 'ubinary') return rows.map(packBits);

  const [lo, hi] = options.ranges ?? quantizationRanges(options.calibrationEmbeddings ?? rows, precision);
  const d = rows[0]!.length;
  if (lo.length !== d || hi.length !== d) throw new ArgumentError('ranges', `must have ${d} values per row, got ${lo.length} and ${hi.length}`);
  const f = Math.fround;
  const starts = Float32Array.from(lo);
  // steps = (max - min) / 255, and 1 where a dimension is constant.
  const steps = Float32Array.from({ length: d }, (_, k) => {
    const s = f(f(f(hi[k]!) - starts[k]!) / 255);
    return s === 0 ? 1 : s;
  });
  return rows.map((r) => {
    const q = precision === 'uint8' ? new Uint8Array(d) : new Int8Array(d);
    for (let k = 0; k < d; k++) {
      const v = Math.min(255, Math.max(0, Math.floor(f(f(f(r[k]!) - starts[k]!) / steps[k]!))));
      q[k] = precision === 'uint8' ? v : v - 128;
    }
    return q;
  });
}
