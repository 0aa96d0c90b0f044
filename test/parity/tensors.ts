// Test-side helpers: safetensors file -> tf tensors (through the converter's reader).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { readSafetensors } from '../../src/checkpoint/safetensors.js';
import { toFloat32, toInt32 } from '../../src/checkpoint/types.js';
import type { RawTensor } from '../../src/checkpoint/types.js';

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
