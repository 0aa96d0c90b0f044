// Loading by name: error messages, accepted key spellings, ownership of the weight map, input checks,
// and the per-architecture details that change numbers (RoBERTa positions, DistilBERT tables).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BertModel, DistilBertModel, RobertaEmbeddings, loadEncoder, sinusoidalTable } from '../../src/architectures/index.js';
import { ArgumentError, ConfigError, WeightError } from '../../src/errors.js';
import { disposeModel, stateDict } from '../../src/nn/parameters.js';
import { maxAbsDiff } from '../helpers/tolerances.js';
import { TINY_BERT, TINY_DISTILBERT, TINY_ROBERTA, batch, bertShapes, distilbertShapes, randomValues, toTensors } from './random_weights.js';

const FILES = { config: 'm/config.json', weights: 'm/model.safetensors' };
const SHAPES = bertShapes(TINY_BERT);
const VALUES = randomValues(SHAPES);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function thrown(fn: () => unknown): Error {
  try { fn(); } catch (e) { return e as Error; }
  throw new Error('did not throw');
}

describe('loadEncoder errors', () => {
  it('names a missing key and the weights file, and disposes nothing of the caller\'s map', () => {
    const weights = toTensors(VALUES, SHAPES);
    weights.delete('encoder.layer.1.attention.self.key.bias');
    const before = tf.memory().numTensors;
    const e = thrown(() => loadEncoder(TINY_BERT, weights, FILES));
    expect(e).toBeInstanceOf(WeightError);
    expect(e.message).toBe('m/model.safetensors: weight "encoder.layer.1.attention.self.key.bias" is missing');
    expect(tf.memory().numTensors).toBe(before);                      // transposed kernels made so far are freed
    expect([...weights.values()].every((t) => !t.isDisposed)).toBe(true);
    tf.dispose([...weights.values()]);
  });

  it('gives both shapes when the config and the checkpoint disagree', () => {
    const weights = toTensors(VALUES, SHAPES);
    const e = thrown(() => loadEncoder({ ...TINY_BERT, intermediate_size: 12 }, weights, FILES));
    expect(e.message).toBe('m/model.safetensors: weight "encoder.layer.0.intermediate.dense.weight" has shape [16, 8], expected [12, 8]');
    tf.dispose([...weights.values()]);
  });

  it('names the config file and field for a bad config', () => {
    const e = thrown(() => loadEncoder({ ...TINY_BERT, num_attention_heads: 3 }, new Map(), FILES));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('m/config.json: field "num_attention_heads" (3) must divide hidden_size (8)');
    expect(thrown(() => loadEncoder({ ...TINY_BERT, model_type: 't5' }, new Map(), FILES)).message).toContain('field "model_type"');
  });
});

describe('key spellings and ownership', () => {
  it('loads bert.-prefixed keys with old LayerNorm gamma/beta names to the same model', () => {
    const renamed = (k: string) => `bert.${k.replace(/LayerNorm\.weight$/, 'LayerNorm.gamma').replace(/LayerNorm\.bias$/, 'LayerNorm.beta')}`;
    const weights = toTensors(VALUES, SHAPES, renamed);
    weights.set('bert.embeddings.position_ids', tf.zeros([1, 12], 'int32'));
    const { model, unusedKeys } = loadEncoder(TINY_BERT, weights, FILES);
    expect(unusedKeys).toEqual(['bert.pooler.dense.weight', 'bert.pooler.dense.bias']);
    const sd = stateDict(model);
    expect(maxAbsDiff(sd.get('embeddings.LayerNorm.weight')!, VALUES.get('embeddings.LayerNorm.weight')!)).toBe(0);
    tf.dispose([...sd.values(), ...weights.values()]);
    disposeModel(model);
  });

  it('takes the tensors it uses: Linear originals are freed (kept transposed), the rest are held, unused stay', () => {
    const weights = toTensors(VALUES, SHAPES);
    const { model } = loadEncoder(TINY_BERT, weights, FILES);
    expect(weights.get('encoder.layer.0.attention.self.query.weight')!.isDisposed).toBe(true);
    expect(weights.get('embeddings.word_embeddings.weight')).toBe((model as BertModel).embeddings.word_embeddings.weight);
    expect(weights.get('pooler.dense.weight')!.isDisposed).toBe(false);
    const before = tf.memory().numTensors;
    disposeModel(model);
    expect(before - tf.memory().numTensors).toBe(SHAPES.size - 2);  // every model weight, not the pooler
    tf.dispose([...weights.values()]);
  });
});

describe('inputs', () => {
  it('refuses rows longer than the position table, and non-int32 ids', () => {
    const shapes = bertShapes(TINY_ROBERTA);
    const { model } = loadEncoder(TINY_ROBERTA, toTensors(randomValues(shapes), shapes), FILES);
    const ok = batch(10, [10], 1);                                    // 12 positions − (pad 1 + 1) = 10
    tf.dispose(model.run(ok).last_hidden_state);
    const long = batch(11, [11], 1);
    expect(thrown(() => model.run(long))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => model.run({ ...ok, input_ids: tf.cast(ok.input_ids, 'float32') as tf.Tensor2D })).message)
      .toContain('argument "input_ids" must be int32, found float32');
    tf.dispose([ok, long] as unknown as tf.TensorContainer);
    disposeModel(model);
  });
});

describe('RoBERTa position ids', () => {
  it('count non-pad tokens from padding_idx + 1, from the ids (a pad id inside the text shifts later positions)', () => {
    const emb = Object.create(RobertaEmbeddings.prototype) as RobertaEmbeddings;
    emb.padding_idx = 1;
    const pos = emb.positionIds(tf.tensor2d([[0, 5, 6, 2, 1, 1], [0, 1, 7, 2, 1, 1]], undefined, 'int32'));
    expect(pos.arraySync()).toEqual([[2, 3, 4, 5, 1, 1], [2, 1, 3, 4, 1, 1]]);
    expect(pos.dtype).toBe('int32');
    pos.dispose();
  });
  it('BERT counts 0 … T−1 for every row', () => {
    const model = loadEncoder(TINY_BERT, toTensors(VALUES, SHAPES), FILES).model as BertModel;
    const pos = model.embeddings.positionIds(tf.zeros([2, 3], 'int32') as tf.Tensor2D);
    expect(pos.arraySync()).toEqual([[0, 1, 2], [0, 1, 2]]);
    pos.dispose();
    disposeModel(model);
  });
});

describe('DistilBERT', () => {
  const shapes = distilbertShapes(TINY_DISTILBERT);
  const values = randomValues(shapes, 7);

  it('ignores token_type_ids', () => {
    const { model } = loadEncoder(TINY_DISTILBERT, toTensors(values, shapes), FILES);
    const inputs = batch(6, [6, 3], 0);
    const a = model.run(inputs);
    const b = model.run({ ...inputs, token_type_ids: tf.onesLike(inputs.token_type_ids) as tf.Tensor2D });
    expect(maxAbsDiff(a.last_hidden_state, b.last_hidden_state)).toBe(0);
    tf.dispose([a, b, inputs] as unknown as tf.TensorContainer);
    disposeModel(model);
  });

  it('rebuilds a missing sinusoidal position table: θ = pos / 10000^(2⌊j/2⌋/dim), sin even, cos odd', () => {
    const weights = toTensors(values, shapes);
    weights.get('embeddings.position_embeddings.weight')!.dispose();
    weights.delete('embeddings.position_embeddings.weight');
    expect(thrown(() => loadEncoder(TINY_DISTILBERT, weights, FILES)).message).toContain('embeddings.position_embeddings.weight" is missing');
    const model = loadEncoder({ ...TINY_DISTILBERT, sinusoidal_pos_embds: true }, weights, FILES).model as DistilBertModel;
    const table = model.embeddings.position_embeddings.weight.arraySync();
    expect(table[0]![0]).toBe(0);
    expect(table[0]![1]).toBe(1);
    expect(table[3]![2]).toBeCloseTo(Math.sin(3 / Math.pow(10000, 2 / 8)), 6);
    expect(table[5]![7]).toBeCloseTo(Math.cos(5 / Math.pow(10000, 6 / 8)), 6);
    expect(sinusoidalTable(2, 4).shape).toEqual([2, 4]);
    tf.dispose([...weights.values()]);
    disposeModel(model);
  });
});
