// Every tiny fixture model against the reference (test/fixtures, written by the Python harness):
// each layer's hidden state, each attention map and the token embeddings, on cpu and wasm,
// for the padded batch that includes a row at exactly max_seq_length.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { DistilBertModel, loadEncoder } from '../../src/architectures/index.js';
import type { AnyEncoder, EncoderInputs } from '../../src/architectures/index.js';
import { disposeModel, namedParameters, stateDict } from '../../src/nn/parameters.js';
import { LAYER_GOLDEN_MODELS, TINY_MODELS, loadGoldens, tinyModelDir } from '../helpers/goldens.js';
import type { GoldenTensor, Goldens } from '../helpers/goldens.js';
import { BACKENDS, maxAbsDiff } from '../helpers/tolerances.js';
import { readRaw, readSafetensorsTensors } from './tensors.js';
import { toFloat32 } from '../../src/checkpoint/types.js';

const measured: string[] = [];
afterAll(() => {
  console.info(`max abs error vs reference:\n${measured.join('\n')}`);
});

function tensorOf(g: GoldenTensor): tf.Tensor {
  return tf.tensor(g.data, [...g.shape], g.dtype);
}

function load(name: string): AnyEncoder {
  const dir = tinyModelDir(name as (typeof TINY_MODELS)[number]);
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf-8')) as unknown;
  const weights = readSafetensorsTensors(join(dir, 'model.safetensors'));
  const { model, unusedKeys } = loadEncoder(config, weights, { config: `${dir}/config.json`, weights: `${dir}/model.safetensors` });
  expect(unusedKeys.every((k) => k.startsWith('pooler.'))).toBe(true);
  tf.dispose(unusedKeys.map((k) => weights.get(k)!));                  // unused weights stay the caller's
  return model;
}

function inputsOf(g: Goldens): EncoderInputs {
  const types = g.tensors.get('token_type_ids');
  return {
    input_ids: tensorOf(g.tensor('input_ids')) as tf.Tensor2D,
    attention_mask: tensorOf(g.tensor('attention_mask')) as tf.Tensor2D,
    ...(types === undefined ? {} : { token_type_ids: tensorOf(types) as tf.Tensor2D }),
  };
}

describe.each(BACKENDS)('tiny models vs reference on %s', (backend, atol) => {
  it.each(TINY_MODELS)('%s: every hidden state, attention map and the token embeddings', async (name) => {
    expect(await tf.setBackend(backend)).toBe(true);
    const g = loadGoldens(name);
    const model = load(name);
    const inputs = inputsOf(g);
    // The batch really is padded, and one row fills max_seq_length exactly.
    const mask = g.tensor('attention_mask');
    const T = mask.shape[1]!;
    const lengths = Array.from({ length: mask.shape[0]! }, (_, r) => Array.from(mask.data.slice(r * T, (r + 1) * T)).reduce((a: number, b: number) => a + b, 0));
    expect(lengths[g.meta.exact_length_sentence_index]).toBe(g.meta.max_seq_length);
    expect(Math.min(...lengths)).toBeLessThan(g.meta.padded_length);

    const before = tf.memory().numTensors;
    const out = model.run(inputs, { outputHiddenStates: true, outputAttentions: true });
    const L = g.meta.num_layers;
    expect(out.hidden_states).toHaveLength(L + 1);
    const errors: Record<string, number> = {};
    for (let i = 0; i <= L; i++) {
      const ref = g.tensors.get(`hidden_states.${i}`);
      if (ref !== undefined) errors[`hidden_states.${i}`] = maxAbsDiff(out.hidden_states![i]!, ref.data as Float32Array, ref.shape);
    }
    for (let i = 0; i < L; i++) {
      const ref = g.tensors.get(`attentions.${i}`);
      if (ref !== undefined) errors[`attentions.${i}`] = maxAbsDiff(out.attentions![i]!, ref.data as Float32Array, ref.shape);
    }
    // Guard against a silently empty comparison: layer goldens exist where the harness promises them.
    if ((LAYER_GOLDEN_MODELS as readonly string[]).includes(name)) expect(Object.keys(errors)).toHaveLength(L + 1 + (g.tensors.has('attentions.0') ? L : 0));
    const tok = g.tensor('token_embeddings');
    errors.token_embeddings = maxAbsDiff(out.last_hidden_state, tok.data as Float32Array, tok.shape);
    measured.push(`${backend} ${name}: ${Object.entries(errors).map(([k, v]) => `${k}=${v.toExponential(1)}`).join(' ')}`);
    for (const [k, v] of Object.entries(errors)) expect(v, `${name} ${k}`).toBeLessThan(atol);

    tf.dispose(out as unknown as tf.TensorContainer);
    expect(tf.memory().numTensors).toBe(before);                      // nothing left behind by run()
    tf.dispose(inputs as unknown as tf.TensorContainer);
    disposeModel(model);
  });

  it.each(['tiny-bert', 'tiny-roberta', 'tiny-distilbert', 'tiny-xlmr', 'tiny-mpnet'])(
    '%s cut to its first layer outputs the reference hidden_states.1', async (name) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const g = loadGoldens(name);
      const model = load(name);
      // BERT-family models and MPNet are post-norm (no final LayerNorm after the stack), so layer
      // 1's output is the final output of a one-layer model.
      model.layers = model.layers.slice(0, 1);
      const inputs = inputsOf(g);
      const out = model.run(inputs, { outputHiddenStates: true });
      expect(out.hidden_states).toHaveLength(2);
      const ref = g.tensor('hidden_states.1');
      expect(maxAbsDiff(out.last_hidden_state, ref.data as Float32Array, ref.shape)).toBeLessThan(atol);
      tf.dispose([out, inputs] as unknown as tf.TensorContainer);
      disposeModel(model);
    });
});

describe('tiny models: checkpoint names round trip', () => {
  it.each(TINY_MODELS)('%s: namedParameters() lists every checkpoint key but the pooler; stateDict() equals the file', async (name) => {
    expect(await tf.setBackend('cpu')).toBe(true);
    const raw = readRaw(join(tinyModelDir(name), 'model.safetensors'));
    const model = load(name);
    const expected = [...raw.keys()].filter((k) => !k.startsWith('pooler.') && !k.endsWith('position_ids')).sort();
    expect(namedParameters(model).map(([k]) => k).sort()).toEqual(expected);
    const sd = stateDict(model);
    for (const k of expected) {
      const r = raw.get(k)!;
      expect(maxAbsDiff(sd.get(k)!, toFloat32(r), r.shape), k).toBe(0);
    }
    tf.dispose([...sd.values()]);
    disposeModel(model);
  });
});
