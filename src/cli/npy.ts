// NumPy .npy files, format version 1.0 (numpy/lib/format.py): the magic "\x93NUMPY", version
// 1.0, a little-endian uint16 header length, then a Python dict literal with descr,
// fortran_order and shape, padded with spaces and ended by "\n" so the data starts at a multiple
// of 64 bytes; then the values, row-major (C order).
import { ArgumentError } from '../errors.js';

export type NpyDtype = '<f4' | '|i1' | '|u1';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const BYTES: Record<NpyDtype, number> = { '<f4': 4, '|i1': 1, '|u1': 1 };

function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The bytes of a .npy file holding `rows` ([rows.length, width]) as `dtype`. */
export function encodeNpy(rows: readonly ArrayLike<number>[], width: number, dtype: NpyDtype): Uint8Array {
  rows.forEach((r, i) => {
    if (r.length !== width) throw new ArgumentError('rows', `row ${i} has ${r.length} values, expected ${width}`);
  });
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeLiteral([rows.length, width])}, }`;
  const unpadded = MAGIC.length + 4 + dict.length + 1;
  const headerLen = dict.length + 1 + ((64 - (unpadded % 64)) % 64);
  const dataStart = MAGIC.length + 4 + headerLen;
  const out = new Uint8Array(dataStart + rows.length * width * BYTES[dtype]);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, headerLen, true);
  const header = dict.padEnd(headerLen - 1, ' ') + '\n';
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, dataStart);
  let o = 0;
  for (const r of rows) {
    for (let k = 0; k < width; k++) {
      if (dtype === '<f4') view.setFloat32(o, r[k]!, true);
      else if (dtype === '|i1') view.setInt8(o, r[k]!);
      else view.setUint8(o, r[k]!);
      o += BYTES[dtype];
    }
  }
  return out;
}

/** The shape and float32 values of a 2-D '<f4' .npy file written by encodeNpy (or numpy.save). */
export function decodeNpyFloat32(bytes: Uint8Array, file: string): { shape: [number, number]; data: Float32Array } {
  const bad = (why: string): never => {
    throw new ArgumentError(file, `is not a 2-D float32 .npy file: ${why}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) bad('no \\x93NUMPY magic');
  if (bytes[6] !== 1) bad(`format version ${bytes[6]}.${bytes[7]}, expected 1.0`);
  const headerLen = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + headerLen));
  if (!/'descr':\s*'<f4'/.test(header)) bad(`descr is not '<f4' in ${header.trim()}`);
  if (/'fortran_order':\s*True/.test(header)) bad('fortran_order is True');
  const m = /'shape':\s*\((\d+),\s*(\d+)\)/.exec(header);
  if (m === null) bad(`no 2-D shape in ${header.trim()}`);
  const shape: [number, number] = [Number(m![1]), Number(m![2])];
  const start = 10 + headerLen;
  if (bytes.length - start !== shape[0] * shape[1] * 4) bad(`${bytes.length - start} data bytes for shape (${shape.join(', ')})`);
  const data = new Float32Array(shape[0] * shape[1]);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start);
  for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  return { shape, data };
}
