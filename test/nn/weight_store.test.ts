import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { WeightError } from '../../src/errors.js';
import { checkpointKeyPrefixes } from '../../src/architectures/registry.js';
import { WeightStore, normaliseKey } from '../../src/io/weight_store.js';
import { useBackend } from './backends.js';

describe('normaliseKey', () => {
  it.each([
    ['bert.encoder.layer.0.attention.self.query.weight', 'encoder.layer.0.attention.self.query.weight'],
    ['roberta.embeddings.word_embeddings.weight', 'embeddings.word_embeddings.weight'],
    ['distilbert.transformer.layer.1.ffn.lin1.bias', 'transformer.layer.1.ffn.lin1.bias'],
    ['module.bert.embeddings.LayerNorm.gamma', 'embeddings.LayerNorm.weight'],
    ['0.auto_model.encoder.layer.1.output.LayerNorm.beta', 'encoder.layer.1.output.LayerNorm.bias'],
    ['transformer.layer.0.sa_layer_norm.gamma', 'transformer.layer.0.sa_layer_norm.weight'],
    ['encoder.layer.0.attention.self.gamma_proj.weight', 'encoder.layer.0.attention.self.gamma_proj.weight'],
  ])('%s -> %s', (key, want) => {
    expect(normaliseKey(key, checkpointKeyPrefixes())).toBe(want);
  });
});

describe('WeightStore', () => {
  it('names the key and file when a weight is missing', async () => {
    await useBackend('cpu');
    const store = new WeightStore(new Map(), 'model.safetensors');
    const err = (() => { try { store.scope().sub('encoder').sub('layer').sub(1).get('bias', [4]); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(WeightError);
    expect((err as WeightError).key).toBe('encoder.layer.1.bias');
    expect((err as Error).message).toBe('model.safetensors: weight "encoder.layer.1.bias" is missing');
  });

  it('gives both shapes on a mismatch, and the stored name when a prefix was stripped', async () => {
    await useBackend('cpu');
    const t = tf.zeros([3, 4]);
    const store = new WeightStore(new Map([['bert.pooler.dense.weight', t]]), 'x.bin', ['bert.']);
    expect(() => store.take('pooler.dense.weight', [4, 3])).toThrow(
      'x.bin: weight "pooler.dense.weight" (stored as "bert.pooler.dense.weight") has shape [3, 4], expected [4, 3]');
    t.dispose();
  });

  it('refuses non-float32 weights and keys that collide after normalisation', async () => {
    await useBackend('cpu');
    const i = tf.zeros([2], 'int32');
    expect(() => new WeightStore(new Map([['k', i]]), 'f').take('k', [2])).toThrow('has dtype int32, expected float32');
    expect(() => new WeightStore(new Map([['bert.k', i], ['k', i]]), 'f', ['bert.'])).toThrow(WeightError);
    i.dispose();
  });

  it('reports unused keys by their stored names, ignoring position_ids buffers', async () => {
    await useBackend('cpu');
    const a = tf.zeros([2]);
    const store = new WeightStore(new Map([
      ['bert.embeddings.LayerNorm.gamma', a], ['bert.pooler.dense.bias', a], ['bert.embeddings.position_ids', a],
    ]), 'f', ['bert.']);
    store.scope().sub('embeddings').sub('LayerNorm').get('weight', [2]);
    expect(store.unused()).toEqual(['bert.pooler.dense.bias']);
    a.dispose();
  });
});
