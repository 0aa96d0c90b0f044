// torch zip checkpoints assembled by hand: stride-0 expansion, storage bounds and sizes.
import { describe, expect, it } from 'vitest';
import { readCheckpoint, toFloat32 } from '../../src/checkpoint/index.js';
import { zipFile } from './helpers/zip_bytes.js';

const enc = (s: string): number[] => Array.from(new TextEncoder().encode(s));
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const str = (s: string): number[] => [0x58, ...u32(enc(s).length), ...enc(s)];
const global = (m: string, n: string): number[] => [0x63, ...enc(`${m}\n${n}\n`)];
const int = (n: number): number[] => [0x4a, ...u32(n)];

/** {"w": _rebuild_tensor_v2(storage '0' (FloatStorage, numel), offset, size, stride, False, OrderedDict())} */
function checkpoint(numel: number, offset: number, size: number[], stride: number[], storage: Uint8Array): Uint8Array {
  const tuple = (xs: number[]): number[] => [0x28, ...xs.flatMap(int), 0x74];
  const pkl = new Uint8Array([0x80, 2, 0x7d, ...str('w'), ...global('torch._utils', '_rebuild_tensor_v2'), 0x28,
    0x28, ...str('storage'), ...global('torch', 'FloatStorage'), ...str('0'), ...str('cpu'), ...int(numel), 0x74, 0x51,
    ...int(offset), ...tuple(size), ...tuple(stride), 0x89, ...global('collections', 'OrderedDict'), 0x29, 0x52, 0x74, 0x52,
    0x73, 0x2e]);
  return zipFile([{ name: 't/data.pkl', data: pkl }, { name: 't/data/0', data: storage }, { name: 't/version', data: new Uint8Array(enc('3\n')) }]);
}
const f32 = (xs: number[]): Uint8Array => new Uint8Array(new Float32Array(xs).buffer);

/** `count` tensors "w0"… all viewing storage '0' (FloatStorage of `numel`) with the same size and stride. */
function aliasing(count: number, numel: number, size: number[], stride: number[]): Uint8Array {
  const tuple = (xs: number[]): number[] => [0x28, ...xs.flatMap(int), 0x74];
  const tensor = (name: string): number[] => [...str(name), ...global('torch._utils', '_rebuild_tensor_v2'), 0x28,
    0x28, ...str('storage'), ...global('torch', 'FloatStorage'), ...str('0'), ...str('cpu'), ...int(numel), 0x74, 0x51,
    ...int(0), ...tuple(size), ...tuple(stride), 0x89, ...global('collections', 'OrderedDict'), 0x29, 0x52, 0x74, 0x52];
  const items: number[] = [];
  for (let i = 0; i < count; i++) items.push(...tensor(`w${i}`));
  const pkl = new Uint8Array([0x80, 2, 0x7d, 0x28, ...items, 0x75, 0x2e]);
  return zipFile([{ name: 't/data.pkl', data: pkl }, { name: 't/data/0', data: new Uint8Array(numel * 4) }, { name: 't/version', data: new Uint8Array(enc('3\n')) }]);
}

describe('hand-made torch zip checkpoints', () => {
  it('a stride-0 expanded tensor repeats its element', () => {
    const t = readCheckpoint(checkpoint(1, 0, [3, 4], [0, 0], f32([2.5])), 'e.bin').get('w')!;
    expect(t.shape).toEqual([3, 4]);
    expect(Array.from(toFloat32(t))).toEqual(new Array(12).fill(2.5));
  });
  it('an expansion beyond the amplification limit is refused (no gigabytes from a few bytes)', () => {
    expect(() => readCheckpoint(checkpoint(1, 0, [100_000_000], [0], f32([1])), 'big.bin'))
      .toThrow(/big\.bin: its 1 tensors describe 400000000 bytes from 4 bytes of storage, more than the limit of 4× \+ 1048576 bytes \(MAX_CHECKPOINT_AMPLIFICATION\)/);
  });
  it('many tensors aliasing one storage are refused before allocating', () => {
    // 400 contiguous views of one 4 KiB storage: 1.6 MB of output from 4 KiB (the 79 KB file of
    // the report asked for 251 MB the same way).
    const bytes = aliasing(400, 1024, [1024], [1]);
    expect(bytes.byteLength).toBeLessThan(70_000);
    expect(() => readCheckpoint(bytes, 'alias.bin')).toThrow(/alias\.bin: its 400 tensors describe 1638400 bytes from 4096 bytes of storage/);
  });
  it('stride-0 views from one element, each within the old per-tensor cap, are refused together', () => {
    const bytes = aliasing(64, 1, [65_536], [0]);
    expect(() => readCheckpoint(bytes, 'expand.bin')).toThrow(/expand\.bin: its 64 tensors describe 16777216 bytes from 4 bytes of storage/);
  });
  it('tied weights (two tensors on one storage) still load, sharing their bytes', () => {
    const m = readCheckpoint(aliasing(2, 300_000, [300_000], [1]), 'tied.bin');
    expect([...m.keys()]).toEqual(['w0', 'w1']);
    expect(m.get('w0')!.data.buffer).toBe(m.get('w1')!.data.buffer);
  });
  it('a tensor of rank above the limit is refused', () => {
    expect(() => readCheckpoint(checkpoint(1, 0, new Array(17).fill(1), new Array(17).fill(1), f32([1])), 'rank.bin')).toThrow(/rank\.bin: tensor "w": has 17 dimensions, more than the limit of 16/);
  });
  it('a view reaching past its storage is refused', () => {
    expect(() => readCheckpoint(checkpoint(4, 2, [3], [1], f32([1, 2, 3, 4])), 'o.bin')).toThrow(/offset 2 \+ extent 2 is outside its storage of 4 elements/);
  });
  it('a storage record shorter than numel × element size is refused', () => {
    expect(() => readCheckpoint(checkpoint(4, 0, [4], [1], f32([1, 2, 3])), 's.bin')).toThrow(/storage "0" has 12 bytes, expected 4 × 4 = 16/);
  });
  it('a strided 2-D view gathers in row-major order', () => {
    // storage 0..11 as [3,4]; take columns 1..2 of rows 0..2 transposed: size (2,3) stride (1,4), offset 1
    const t = readCheckpoint(checkpoint(12, 1, [2, 3], [1, 4], f32([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), 'v.bin').get('w')!;
    expect(Array.from(toFloat32(t))).toEqual([1, 5, 9, 2, 6, 10]);
  });
});
