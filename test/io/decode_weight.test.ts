// Host-side decoding of tf.js manifest entries equals tf.io.decodeWeights (the rules it replaces),
// the host transpose equals tf.transpose, and a safetensors header parses from its prefix alone.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '../../src/checkpoint/index.js';
import { CheckpointError, WeightError } from '../../src/errors.js';
import { decodeEntry, type ManifestEntry } from '../../src/io/decode_weight.js';
import { transposeRows } from '../../src/io/host_weight.js';
import { tinyModelDir } from '../helpers/goldens.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Stored bytes of `values` in `ctor`'s element type, in a buffer of their own. */
function stored(ctor: Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor | Uint16ArrayConstructor, values: number[]): Uint8Array {
  const arr = ctor.from(values);
  return new Uint8Array(arr.buffer);
}

const CASES: Array<[string, ManifestEntry, Uint8Array]> = [
  ['float32', { name: 'a', shape: [2, 3], dtype: 'float32' }, stored(Float32Array, [0.5, -1.25, 3e-8, 7, -0, 1e30])],
  ['int32', { name: 'b', shape: [4], dtype: 'int32' }, stored(Int32Array, [1, -2, 2147483647, -2147483648])],
  ['bool', { name: 'c', shape: [3], dtype: 'bool' }, stored(Uint8Array, [1, 0, 1])],
  ['float16', { name: 'd', shape: [5], dtype: 'float32', quantization: { dtype: 'float16' } }, stored(Uint16Array, [0x3c00, 0xc000, 0x0001, 0x7bff, 0x8000])],
  ['uint8 -> float32', { name: 'e', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.0123, min: -1.5 } }, stored(Uint8Array, [0, 1, 128, 255])],
  ['uint16 -> float32', { name: 'f', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 1e-4, min: -3 } }, stored(Uint16Array, [0, 30000, 65535])],
  ['uint8 -> int32', { name: 'g', shape: [3], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.5, min: -10 } }, stored(Uint8Array, [0, 3, 255])],
];

describe('decodeEntry', () => {
  it.each(CASES)('%s: the values tf.io.decodeWeights gives', (_, spec, bytes) => {
    const reference = tf.io.decodeWeights([bytes.slice().buffer], [spec as tf.io.WeightsManifestEntry])[spec.name]!;
    const got = decodeEntry(spec, bytes.slice(), 'model.json');
    expect(Array.from(got)).toEqual(Array.from(reference.dataSync()));
    reference.dispose();
  });

  it('refuses what tf.io.decodeWeights refuses, naming the weight', () => {
    expect(() => decodeEntry({ name: 'q', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }, new Uint8Array(1), 'm.json'))
      .toThrow(new WeightError('m.json', 'q', 'is quantized with uint8 but has no numeric "min" and "scale"'));
    expect(() => decodeEntry({ name: 'h', shape: [1], dtype: 'int32', quantization: { dtype: 'float16' } }, new Uint8Array(2), 'm.json')).toThrow(WeightError);
    expect(() => decodeEntry({ name: 's', shape: [1], dtype: 'string' }, new Uint8Array(4), 'm.json')).toThrow('unsupported dtype "string"');
  });
});

describe('transposeRows', () => {
  it.each([[37, 70], [1, 5], [64, 32], [0, 3]])('[%i, %i] equals tf.transpose', (rows, cols) => {
    const values = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * 100);
    const want = tf.tidy(() => tf.transpose(tf.tensor2d(values, [rows, cols])).dataSync());
    expect(Array.from(transposeRows(values, rows, cols))).toEqual(Array.from(want));
  });
});

describe('readSafetensorsHeader from a prefix', () => {
  const file = new Uint8Array(readFileSync(join(tinyModelDir('tiny-bert'), 'model.safetensors')));
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));

  it('8 + N bytes and the file size give the same header as the whole file', () => {
    expect(readSafetensorsHeader(file.subarray(0, 8 + n), 'f', file.byteLength)).toEqual(readSafetensorsHeader(file, 'f'));
  });

  it('checks the offsets against the file size it is given', () => {
    expect(() => readSafetensorsHeader(file.subarray(0, 8 + n), 'f', file.byteLength - 4)).toThrow(CheckpointError);
    expect(() => readSafetensorsHeader(file.subarray(0, 8 + n), 'f', file.byteLength - 4)).toThrow(/data section has/);
  });
});
