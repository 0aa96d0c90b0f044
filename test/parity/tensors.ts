// Test-side helpers: safetensors file -> tf tensors (through the converter's reader), and max abs error.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { readSafetensors } from '../../src/checkpoint/safetensors.js';
import { toFloat32, toInt32 } from '../../src/checkpoint/types.js';
import type { RawTensor } from '../../src/checkpoint/types.js';

/** float32 parity budgets (team contract): max abs error. */
export const CPU_ATOL = 1e-5;
export const WASM_ATOL = 1e-4;
export const BACKENDS = [['cpu', CPU_ATOL], ['wasm', WASM_ATOL]] as const;

export function rawToTensor(t: RawTensor, file: string): tf.Tensor {
  const shape = [...t.shape];
  if (t.dtype === 'int64' || t.dtype === 'int32' || t.dtype === 'int16' || t.dtype === 'int8' || t.dtype === 'uint8' || t.dtype === 'bool') {
    return tf.tensor(toInt32(t, file), shape, 'int32');
  }
  return tf.tensor(toFloat32(t), shape, 'float32');
}

/** Every tensor of a safetensors file, created on the current backend; the caller disposes them. */
export function readSafetensorsTensors(path: string): Map<string, tf.Tensor> {
  const raw = readSafetensors(new Uint8Array(readFileSync(path)), path);
  return new Map([...raw].map(([k, t]) => [k, rawToTensor(t, path)]));
}

/** Raw (backend-free) records of a safetensors file. */
export function readRaw(path: string): Map<string, RawTensor> {
  return readSafetensors(new Uint8Array(readFileSync(path)), path);
}

/** max |a − b| over all elements; shapes must match. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor | Float32Array, shape?: readonly number[]): number {
  if (b instanceof tf.Tensor) {
    if (a.shape.join() !== b.shape.join()) throw new Error(`shape [${a.shape.join(', ')}] vs [${b.shape.join(', ')}]`);
  } else if (shape !== undefined && a.shape.join() !== shape.join()) {
    throw new Error(`shape [${a.shape.join(', ')}] vs [${shape.join(', ')}]`);
  }
  const x = a.dataSync();
  const y = b instanceof tf.Tensor ? b.dataSync() : b;
  if (x.length !== y.length) throw new Error(`${x.length} vs ${y.length} values`);
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs((x[i] as number) - (y[i] as number));
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
