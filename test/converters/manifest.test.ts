// Weights manifest writer (src/convert/manifest_writer.ts) and reader (src/io/weights_manifest.ts):
// hand-computed byte fixtures, shard boundaries, float16 rounding, and a round trip through tf.io.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32 } from '../../src/checkpoint/index.js';
import { float32ToFloat16Bits, writeWeightsManifest, SHARD_BYTES } from '../../src/convert/manifest_writer.js';
import { WeightError } from '../../src/errors.js';
import { memorySource } from '../../src/io/file_source.js';
import { loadWeights } from '../../src/io/weights_manifest.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('float32 → float16 bits (round to nearest even)', () => {
  it('every finite half value survives half → float → half', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const floats = float16ToFloat32(all);
    const wrong: number[] = [];
    for (let h = 0; h < 65536; h++) {
      if (((h >> 10) & 0x1f) === 31 && (h & 0x3ff) !== 0) continue; // NaN payloads
      if (float32ToFloat16Bits(floats[h]!) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });
  it('ties go to even, overflow to Inf, tiny values to zero', () => {
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even (1.0)
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // tie between 65504 and 2^16 → Inf
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // tie → even subnormal 0
    expect(float32ToFloat16Bits(3 * 2 ** -25)).toBe(0x0002);
    expect(float32ToFloat16Bits(-1e-10)).toBe(0x8000);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(NaN) & 0x7e00).toBe(0x7e00);
  });
});

describe('writeWeightsManifest', () => {
  it('a=[1,2], b=[3] with 8-byte shards', () => {
    const files = writeWeightsManifest(
      [{ name: 'a', shape: [2], data: new Float32Array([1, 2]) }, { name: 'b', shape: [1], data: new Float32Array([3]) }],
      { shardBytes: 8 },
    );
    expect([...files.keys()].sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json']);
    expect(hex(files.get('group1-shard1of2.bin')!)).toBe('00 00 80 3f 00 00 00 40');
    expect(hex(files.get('group1-shard2of2.bin')!)).toBe('00 00 40 40');
    const json = JSON.parse(new TextDecoder().decode(files.get('model.json')!)) as { weightsManifest: unknown };
    expect(json.weightsManifest).toEqual([{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }, { name: 'b', shape: [1], dtype: 'float32' }] }]);
  });

  it('float16 storage writes quantization entries and half bits (00 3C 00 C0 = [1, -2])', () => {
    const files = writeWeightsManifest([{ name: 'h', shape: [2], data: new Float32Array([1, -2]) }], { dtype: 'float16' });
    expect(hex(files.get('group1-shard1of1.bin')!)).toBe('00 3c 00 c0');
    const json = JSON.parse(new TextDecoder().decode(files.get('model.json')!)) as { weightsManifest: { weights: unknown[] }[] };
    expect(json.weightsManifest[0]!.weights[0]).toEqual({ name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } });
  });

  it('default shards are 4 MiB and a tensor may span them', () => {
    const n = SHARD_BYTES / 4 + 10; // one tensor just over one shard
    const data = Float32Array.from({ length: n }, (_, i) => i);
    const files = writeWeightsManifest([{ name: 'w', shape: [n], data }]);
    expect(files.get('group1-shard1of2.bin')!.byteLength).toBe(SHARD_BYTES);
    expect(files.get('group1-shard2of2.bin')!.byteLength).toBe(40);
  });

  it('refuses duplicate names and shape/data mismatches', () => {
    const a = { name: 'a', shape: [1], data: new Float32Array(1) };
    expect(() => writeWeightsManifest([a, a])).toThrow(/appears twice/);
    expect(() => writeWeightsManifest([{ name: 'x', shape: [2, 2], data: new Float32Array(3) }])).toThrow(/3 values for shape \[2, 2\]/);
  });
});

describe('loadWeights round trip (tf.io.decodeWeights)', () => {
  const arrays = [
    { name: 'encoder.layer.0.attention.self.query.weight', shape: [3, 5], data: Float32Array.from({ length: 15 }, (_, i) => Math.sin(i) * 10) },
    { name: 'scalar', shape: [], data: new Float32Array([0.1]) },
    { name: 'empty', shape: [0, 4], data: new Float32Array(0) },
    { name: 'bias', shape: [7], data: Float32Array.from({ length: 7 }, (_, i) => -i / 3) },
  ];

  it('float32: identical values, shapes and names, across 12-byte shards in a subfolder', async () => {
    const written = writeWeightsManifest(arrays, { shardBytes: 12 });
    // Node's readFile hands out views on pooled buffers: give the reader offset views too.
    const files = new Map([...written].map(([k, v]) => {
      const padded = new Uint8Array(v.byteLength + 3);
      padded.set(v, 3);
      return [`2_Dense/${k}`, padded.subarray(3)] as [string, Uint8Array];
    }));
    const tensors = await loadWeights(memorySource('mem', files), '2_Dense/model.json');
    expect([...tensors.keys()]).toEqual(arrays.map((a) => a.name));
    for (const a of arrays) {
      const t = tensors.get(a.name)!;
      expect(t.shape).toEqual(a.shape);
      expect(Array.from(t.dataSync())).toEqual(Array.from(a.data));
    }
    tf.dispose([...tensors.values()]);
  });

  it('float16: each value is the nearest half', async () => {
    const files = writeWeightsManifest(arrays, { dtype: 'float16' });
    const tensors = await loadWeights(memorySource('mem', files));
    for (const a of arrays) {
      const want = float16ToFloat32(Uint16Array.from(a.data, float32ToFloat16Bits));
      expect(Array.from(tensors.get(a.name)!.dataSync())).toEqual(Array.from(want));
      // within fp16 rounding: relative error ≤ 2^-11 for normal values
      a.data.forEach((v, i) => expect(Math.abs(want[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25));
    }
    tf.dispose([...tensors.values()]);
  });

  it('a missing or short shard is a WeightError naming model.json', async () => {
    const files = writeWeightsManifest(arrays, { shardBytes: 12 });
    const short = new Map(files);
    short.set('group1-shard2of8.bin', new Uint8Array(4));
    await expect(loadWeights(memorySource('mem', short))).rejects.toThrow(WeightError);
    await expect(loadWeights(memorySource('mem', short))).rejects.toThrow(/mem\/model\.json.*shards hold/);
    const missing = new Map(files);
    missing.delete('group1-shard3of8.bin');
    await expect(loadWeights(memorySource('mem', missing))).rejects.toThrow(/group1-shard3of8\.bin/);
  });
});
