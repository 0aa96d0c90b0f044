import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { readCheckpoint, readSafetensors, toFloat32, toInt32, MAX_HEADER_BYTES } from '../../src/checkpoint/index.js';
import { f32Bytes, safetensorsFile, safetensorsFromHeader } from './helpers/safetensors_bytes.js';

const FILE = 'test.safetensors';

function hex(s: string): Uint8Array {
  return new Uint8Array(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));
}

describe('safetensors: reference byte-exact vectors', () => {
  it('one F32 tensor [1,2,3] with a 64-byte header, no padding', () => {
    const json = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(json.length).toBe(64);
    const bytes = new Uint8Array([...hex('40 00 00 00 00 00 00 00'), ...new TextEncoder().encode(json), ...f32Bytes([0, 1, 2, 3, 4, 5])]);
    const t = readSafetensors(bytes, FILE).get('attn.0')!;
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([1, 2, 3]);
    expect(Array.from(toFloat32(t))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a 65-byte header padded with 7 spaces (N = 72)', () => {
    const bytes = safetensorsFile({ attn0: { dtype: 'F32', shape: [1, 1, 2, 3], bytes: f32Bytes([0, 1, 2, 3, 4, 5]) } });
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(72);
    expect(Array.from(toFloat32(readSafetensors(bytes, FILE).get('attn0')!))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('no tensors (N = 8) and metadata only (N = 40)', () => {
    const empty = safetensorsFromHeader({}, new Uint8Array(0));
    expect(empty.length).toBe(16);
    expect(readSafetensors(empty, FILE).size).toBe(0);
    const meta = safetensorsFromHeader({ __metadata__: { framework: 'pt' } }, new Uint8Array(0));
    expect(new DataView(meta.buffer).getUint32(0, true)).toBe(40);
    expect(readSafetensors(meta, FILE).size).toBe(0);
  });
});

describe('safetensors: dtypes', () => {
  it('F16 bit patterns decode exactly', () => {
    const bits = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x0400, 0x7c00, 0xfc00, 0x7e00, 0x8000];
    const bytes = safetensorsFile({ h: { dtype: 'F16', shape: [9], bytes: new Uint8Array(new Uint16Array(bits).buffer) } });
    const v = toFloat32(readSafetensors(bytes, FILE).get('h')!);
    expect(Array.from(v.subarray(0, 7))).toEqual([1, -2, 65504, 5.960464477539063e-8, 6.103515625e-5, Infinity, -Infinity]);
    expect(Number.isNaN(v[7])).toBe(true);
    expect(Object.is(v[8], -0)).toBe(true);
  });

  it('every float16 bit pattern round-trips through float32 (exactness)', () => {
    // Math.fround of a half value is itself; re-encode each finite value to half bits by search-free
    // arithmetic and compare with the pattern it came from.
    const all = new Uint16Array(65536).map((_, i) => i);
    const bytes = safetensorsFile({ h: { dtype: 'F16', shape: [65536], bytes: new Uint8Array(all.buffer) } });
    const v = toFloat32(readSafetensors(bytes, FILE).get('h')!);
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      const x = v[h]!;
      const e = (h >> 10) & 0x1f;
      if (e === 31) continue;
      const abs = Math.abs(x);
      const m = e === 0 ? abs / 2 ** -24 : (abs / 2 ** (e - 15) - 1) * 1024;
      if (m !== (h & 0x3ff) || (x < 0 || Object.is(x, -0)) !== h >= 0x8000) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it('BF16 shifts into the high half (80 3F → 1.0, 20 C0 → -2.5)', () => {
    const bytes = safetensorsFile({ b: { dtype: 'BF16', shape: [2], bytes: hex('80 3F 20 C0') } });
    expect(Array.from(toFloat32(readSafetensors(bytes, FILE).get('b')!))).toEqual([1, -2.5]);
  });

  it('F64, I64, I32, I16, I8, U8, BOOL', () => {
    const bytes = safetensorsFile({
      d: { dtype: 'F64', shape: [2], bytes: new Uint8Array(new Float64Array([0.1, -3]).buffer) },
      l: { dtype: 'I64', shape: [1, 3], bytes: new Uint8Array(new BigInt64Array([0n, 5n, -7n]).buffer) },
      i: { dtype: 'I32', shape: [2], bytes: new Uint8Array(new Int32Array([-1, 2147483647]).buffer) },
      s: { dtype: 'I16', shape: [2], bytes: new Uint8Array(new Int16Array([-32768, 7]).buffer) },
      c: { dtype: 'I8', shape: [2], bytes: new Uint8Array(new Int8Array([-128, 127]).buffer) },
      u: { dtype: 'U8', shape: [2], bytes: new Uint8Array([0, 255]) },
      q: { dtype: 'BOOL', shape: [], bytes: new Uint8Array([1]) },
    });
    const m = readSafetensors(bytes, FILE);
    expect(Array.from(toFloat32(m.get('d')!))).toEqual([Math.fround(0.1), -3]);
    expect(Array.from(toInt32(m.get('l')!, FILE))).toEqual([0, 5, -7]);
    expect(m.get('l')!.shape).toEqual([1, 3]);
    expect(Array.from(toInt32(m.get('i')!, FILE))).toEqual([-1, 2147483647]);
    expect(Array.from(toInt32(m.get('s')!, FILE))).toEqual([-32768, 7]);
    expect(Array.from(toInt32(m.get('c')!, FILE))).toEqual([-128, 127]);
    expect(Array.from(toInt32(m.get('u')!, FILE))).toEqual([0, 255]);
    expect(m.get('q')!.dtype).toBe('bool');
    expect(m.get('q')!.shape).toEqual([]);
  });

  it('an I64 value outside int32 is refused on conversion, naming the tensor', () => {
    const bytes = safetensorsFile({ big: { dtype: 'I64', shape: [1], bytes: new Uint8Array(new BigInt64Array([1n << 40n]).buffer) } });
    expect(() => toInt32(readSafetensors(bytes, FILE).get('big')!, FILE)).toThrow(/"big".*does not fit int32/);
  });

  it('an unaligned data section is copied, values intact', () => {
    const file = safetensorsFile({ a: { dtype: 'F32', shape: [2], bytes: f32Bytes([1.5, -2]) } });
    const shifted = new Uint8Array(file.length + 1).subarray(1);
    shifted.set(file);
    expect(Array.from(toFloat32(readSafetensors(shifted, FILE).get('a')!))).toEqual([1.5, -2]);
  });

  it('unsupported dtypes are refused by name', () => {
    const bytes = safetensorsFile({ f8: { dtype: 'F8_E4M3', shape: [1], bytes: new Uint8Array(1) } });
    expect(() => readSafetensors(bytes, FILE)).toThrow(/unsupported dtype "F8_E4M3"/);
  });
});

describe('safetensors: bad headers are CheckpointErrors naming the file', () => {
  const ok = f32Bytes([1, 2, 3, 4]);
  const cases: [string, Uint8Array, RegExp][] = [
    ['shorter than 8 bytes', new Uint8Array([1, 2, 3]), /fewer than the 8-byte/],
    ['header longer than the file', (() => { const b = safetensorsFile({ a: { dtype: 'F32', shape: [4], bytes: ok } }); new DataView(b.buffer).setUint32(0, 10_000, true); return b; })(), /runs past the end/],
    ['absurdly large header', (() => { const b = new Uint8Array(64); new DataView(b.buffer).setBigUint64(0, 1n << 40n, true); b[8] = 0x7b; return b; })(), /exceeds the limit/],
    ['header just over the limit', (() => { const b = new Uint8Array(64); new DataView(b.buffer).setUint32(0, MAX_HEADER_BYTES + 1, true); return b; })(), /exceeds the limit/],
    ['overlapping offsets', safetensorsFromHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, new Uint8Array(12)), /overlaps/],
    ['a gap between offsets', safetensorsFromHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }, new Uint8Array(12)), /gap/],
    ['offsets past the end', safetensorsFromHeader({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), /data section has 8 bytes/],
    ['trailing bytes after the last tensor', safetensorsFromHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)), /data section has 8 bytes/],
    ['span not matching the shape', safetensorsFromHeader({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /expected 12/],
    ['end before begin', safetensorsFromHeader({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, new Uint8Array(4)), /span -4 bytes/],
    ['negative shape', safetensorsFromHeader({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 0] } }, new Uint8Array(0)), /non-negative integers/],
    ['non-string metadata', safetensorsFromHeader({ __metadata__: { n: 1 } }, new Uint8Array(0)), /"__metadata__.n" must be a string/],
    ['header not JSON', safetensorsFromHeader({}, new Uint8Array(0)).map((b, i) => (i === 9 ? 0x7b : b)), /not valid UTF-8 JSON/],
    ['a duplicate tensor name', (() => {
      // JSON.parse would silently keep the second "a"; the header text is written by hand.
      const head = new TextEncoder().encode('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a" :{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
      const out = new Uint8Array(8 + head.length + 4);
      new DataView(out.buffer).setUint32(0, head.length, true);
      out.set(head, 8);
      return out;
    })(), /"a" appears twice/],
    ['a duplicate key hidden by escapes is still found', (() => {
      const head = new TextEncoder().encode('{"x\\"y":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"x\\u0022y":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}');
      const out = new Uint8Array(8 + head.length);
      new DataView(out.buffer).setUint32(0, head.length, true);
      out.set(head, 8);
      return out;
    })(), /"x"y" appears twice/],
    ['header a JSON array', (() => { const b = safetensorsFromHeader([], new Uint8Array(0)); return b; })(), /must be a JSON object/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      let err: unknown;
      try {
        readSafetensors(bytes, FILE);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CheckpointError);
      expect((err as CheckpointError).file).toBe(FILE);
      expect((err as Error).message).toMatch(message);
    });
  }

  it('zero-size tensors (shape with 0) are legal with begin == end', () => {
    const bytes = safetensorsFromHeader({ e: { dtype: 'F32', shape: [0, 4], data_offsets: [0, 0] }, a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32Bytes([7]));
    const m = readSafetensors(bytes, FILE);
    expect(m.get('e')!.data.length).toBe(0);
    expect(Array.from(toFloat32(m.get('a')!))).toEqual([7]);
  });
});

describe('readCheckpoint detection', () => {
  it('routes safetensors, refuses empty and random bytes naming the file', () => {
    const bytes = safetensorsFile({ a: { dtype: 'F32', shape: [1], bytes: f32Bytes([3]) } });
    expect(Array.from(toFloat32(readCheckpoint(bytes, FILE).get('a')!))).toEqual([3]);
    expect(() => readCheckpoint(new Uint8Array(0), 'x.bin')).toThrow(/x\.bin: is empty/);
    const random = new Uint8Array(64).map((_, i) => (i * 97 + 13) & 0xff);
    expect(() => readCheckpoint(random, 'r.bin')).toThrow(CheckpointError);
    expect(() => readCheckpoint(random, 'r.bin')).toThrow(/first bytes: 0d 6e cf/);
  });
});
