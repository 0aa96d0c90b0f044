// Loads the real checkpoint into sbert-tfjs's encoder (H3's loadEncoder) for the fixed-shape
// workloads and the profile, where we time the encoder forward itself (no tokenizer).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readCheckpoint, toFloat32 } from '../../src/checkpoint/index.js';
import { loadEncoder, type AnyEncoder, type EncoderModel } from '../../src/architectures/registry.js';
import { namedParameters } from '../../src/nn/parameters.js';

export interface LoadedEncoder {
  model: EncoderModel;
  /** Frees the model's weights and the checkpoint tensors it did not take. */
  dispose(): void;
}

/** config.json + model.safetensors of a sentence-transformers folder -> encoder on the current backend. */
export function loadTfjsEncoder(modelDir: string): LoadedEncoder {
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as unknown;
  const raw = readCheckpoint(new Uint8Array(readFileSync(join(modelDir, 'model.safetensors'))), 'model.safetensors');
  const weights = new Map<string, tf.Tensor>();
  for (const [name, t] of raw) {
    const isInt = t.dtype === 'int64' || t.dtype === 'int32';
    weights.set(name, isInt ? tf.tensor(Int32Array.from(t.data as ArrayLike<number | bigint>, Number), [...t.shape], 'int32') : tf.tensor(toFloat32(t), [...t.shape], 'float32'));
  }
  const { model, unusedKeys } = loadEncoder(config, weights, { config: 'config.json', weights: 'model.safetensors' });
  const leftovers = unusedKeys.map((k) => weights.get(k)!).filter((t) => !t.isDisposed);
  return {
    model,
    dispose() {
      tf.dispose(leftovers);
      tf.dispose(namedParameters(model as AnyEncoder).map(([, t]) => t));
    },
  };
}

/** Token ids for a fixed [batch, seq] workload: [CLS] w… [SEP], no padding, deterministic. */
export function fixedInputs(batch: number, seq: number, vocab = 30522): { input_ids: number[][]; attention_mask: number[][] } {
  const ids: number[][] = [];
  let s = 12345;
  for (let b = 0; b < batch; b++) {
    const row = [101];
    for (let t = 1; t < seq - 1; t++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      row.push(1000 + (s % (vocab - 1000)));
    }
    row.push(102);
    ids.push(row.slice(0, seq));
  }
  return { input_ids: ids, attention_mask: ids.map((r) => r.map(() => 1)) };
}

/** One forward pass on int32 inputs; returns when the output is computed (dataSync). */
export function forwardOnce(model: EncoderModel, inputs: { input_ids: number[][]; attention_mask: number[][] }): void {
  const out = tf.tidy(() => {
    const input_ids = tf.tensor2d(inputs.input_ids, undefined, 'int32');
    const attention_mask = tf.tensor2d(inputs.attention_mask, undefined, 'int32');
    const token_type_ids = tf.zerosLike(input_ids);
    return model.forward({ input_ids, attention_mask, token_type_ids }).last_hidden_state;
  });
  out.dataSync();
  out.dispose();
}
