// MPNet's own pieces against the reference: the relative position buckets (every relative position
// in [-600, 600], from test/fixtures/goldens/mpnet_relative_position_buckets.json), the config
// parser (MPNetConfig's defaults, errors naming the field), the registry entry, and the position
// ids and bias the encoder builds. Layer-by-layer parity is in test/parity/tiny_models.parity.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MPNetModel, architectureOf, loadEncoder, maxEncoderLength, parseEncoderConfig, parseMPNetConfig, positionBuckets, relativePositionBucket,
} from '../../src/architectures/index.js';
import { ConfigError } from '../../src/errors.js';
import { disposeModel } from '../../src/nn/parameters.js';
import { FIXTURES_DIR, tinyModelDir } from '../helpers/goldens.js';
import { readSafetensorsTensors } from '../parity/tensors.js';

const BUCKETS = JSON.parse(readFileSync(join(FIXTURES_DIR, 'goldens', 'mpnet_relative_position_buckets.json'), 'utf-8')) as {
  num_buckets: number; max_distance: number; relative_positions: number[]; buckets: number[];
};

function errorOf(fn: () => unknown): ConfigError {
  try { fn(); } catch (e) { if (e instanceof ConfigError) return e; throw e; }
  throw new Error('did not throw');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('relativePositionBucket', () => {
  it('equals the reference for every relative position in [-600, 600]', () => {
    expect(BUCKETS.relative_positions).toHaveLength(1201);
    const got = BUCKETS.relative_positions.map((r) => relativePositionBucket(r, BUCKETS.num_buckets, BUCKETS.max_distance));
    expect(got).toEqual(BUCKETS.buckets);
  });

  it('gives each distance below 8 its own bucket, log-spaced ones beyond, keys after the query in the upper half', () => {
    // Values as the reference dump has them (relative position = key − query).
    const cases: [number, number][] = [[0, 0], [-1, 1], [-7, 7], [-8, 8], [-16, 10], [-32, 12], [-64, 14], [-127, 15], [-128, 15], [-600, 15],
      [1, 17], [7, 23], [8, 24], [16, 26], [128, 31], [600, 31]];
    for (const [r, bucket] of cases) {
      expect(relativePositionBucket(r), `relative position ${r}`).toBe(bucket);
      expect(BUCKETS.buckets[BUCKETS.relative_positions.indexOf(r)]).toBe(bucket);
    }
  });

  it('positionBuckets lays the buckets out as [query i, key j] -> bucket(j - i)', () => {
    const T = 5;
    const table = positionBuckets(T);
    for (let i = 0; i < T; i++) for (let j = 0; j < T; j++) expect(table[i * T + j]).toBe(relativePositionBucket(j - i));
  });
});

describe('MPNetConfig', () => {
  it('applies MPNetConfig\'s defaults', () => {
    expect(parseMPNetConfig({ model_type: 'mpnet' })).toEqual({
      model_type: 'mpnet', vocab_size: 30527, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12,
      intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, layer_norm_eps: 1e-12,
      relative_attention_num_buckets: 32, pad_token_id: 1, hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1,
    });
  });

  it('rejects heads not dividing hidden_size, naming the field and both numbers', () => {
    const e = errorOf(() => parseMPNetConfig({ hidden_size: 8, num_attention_heads: 3 }, 'models/x/config.json'));
    expect(e.field).toBe('num_attention_heads');
    expect(e.message).toBe('models/x/config.json: field "num_attention_heads" (3) must divide hidden_size (8)');
  });

  it.each([
    [{ hidden_act: 'gelu_magic' }, 'hidden_act'],
    [{ hidden_size: 8.5 }, 'hidden_size'],
    [{ layer_norm_eps: '1e-12' }, 'layer_norm_eps'],
    [{ model_type: 'bert' }, 'model_type'],
    [{ relative_attention_num_buckets: 16 }, 'relative_attention_num_buckets'],
    [{ max_position_embeddings: 2 }, 'max_position_embeddings'],
    [{ vocab_size: 1 }, 'vocab_size'],
  ])('rejects %j naming %s', (patch, field) => {
    expect(errorOf(() => parseMPNetConfig({ model_type: 'mpnet', ...patch })).field).toBe(field);
  });

  it('is in the registry: model_type mpnet, an old config naming MPNetModel, positions after the padding index', () => {
    expect(architectureOf({ model_type: 'mpnet' }).spec.keyPrefixes).toEqual(['mpnet.']);
    expect(parseEncoderConfig({ architectures: ['MPNetModel'] }).model_type).toBe('mpnet');
    // all-mpnet-base-v2: 514 positions, the first two never used by real tokens.
    expect(maxEncoderLength(parseEncoderConfig({ model_type: 'mpnet', max_position_embeddings: 514 }))).toBe(512);
  });
});

describe('MPNetModel (tiny-mpnet)', () => {
  const dir = tinyModelDir('tiny-mpnet');
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf-8')) as unknown;

  function load(): MPNetModel {
    const weights = readSafetensorsTensors(join(dir, 'model.safetensors'));
    const { model, unusedKeys } = loadEncoder(config, weights, { config: 'config.json', weights: 'model.safetensors' });
    expect(unusedKeys.sort()).toEqual(['pooler.dense.bias', 'pooler.dense.weight']);
    tf.dispose(unusedKeys.map((k) => weights.get(k)!));
    expect(model).toBeInstanceOf(MPNetModel);
    return model as MPNetModel;
  }

  it('loads a head model\'s "mpnet." keys, and names a missing relative_attention_bias and the file', () => {
    const weights = readSafetensorsTensors(join(dir, 'model.safetensors'));
    const prefixed = new Map([...weights].map(([k, t]) => [`mpnet.${k}`, t]));
    const { model, unusedKeys } = loadEncoder(config, prefixed, { config: 'config.json', weights: 'model.safetensors' });
    expect(unusedKeys.sort()).toEqual(['mpnet.pooler.dense.bias', 'mpnet.pooler.dense.weight']);
    disposeModel(model);
    const rest = readSafetensorsTensors(join(dir, 'model.safetensors'));
    rest.get('encoder.relative_attention_bias.weight')!.dispose();
    rest.delete('encoder.relative_attention_bias.weight');
    expect(() => loadEncoder(config, rest, { config: 'config.json', weights: 'model.safetensors' }))
      .toThrow(/model\.safetensors.*encoder\.relative_attention_bias\.weight/);
    tf.dispose([...weights.values(), ...rest.values()].filter((t) => !t.isDisposed));
  });

  it('numbers real tokens from 2 and leaves pads at 1, from the ids (a pad id inside the text shifts the rest)', () => {
    const model = load();
    const ids = tf.tensor2d([[0, 7, 8, 2, 1, 1], [0, 7, 1, 8, 2, 1]], [2, 6], 'int32');
    const pos = model.embeddings.positionIds(ids);
    expect(pos.arraySync()).toEqual([[2, 3, 4, 5, 1, 1], [2, 3, 1, 4, 5, 1]]);
    tf.dispose([ids, pos]);
    disposeModel(model);
  });

  it('computes the position bias from relative_attention_bias, one [nh, T, T] for the batch', () => {
    const model = load();
    const T = 40;
    const bias = model.encoder.computePositionBias(T);
    expect(bias.shape).toEqual([1, 4, T, T]);
    const table = model.encoder.relative_attention_bias.weight.arraySync();       // [32, nh]
    const got = bias.arraySync()[0]!;
    for (const [i, j] of [[0, 0], [0, 39], [39, 0], [5, 21], [21, 5], [3, 4]] as const) {
      for (let h = 0; h < 4; h++) expect(got[h]![i]![j]).toBe(table[relativePositionBucket(j - i)]![h]);
    }
    bias.dispose();
    disposeModel(model);
  });

  it('ignores token_type_ids and leaves no tensor behind', () => {
    const model = load();
    const ids = tf.tensor2d([[0, 7, 8, 2], [0, 9, 2, 1]], [2, 4], 'int32');
    const mask = tf.tensor2d([[1, 1, 1, 1], [1, 1, 1, 0]], [2, 4], 'int32');
    const types = tf.onesLike(ids);
    const before = tf.memory().numTensors;
    const plain = model.run({ input_ids: ids, attention_mask: mask });
    const typed = model.run({ input_ids: ids, attention_mask: mask, token_type_ids: types });
    expect(typed.last_hidden_state.arraySync()).toEqual(plain.last_hidden_state.arraySync());
    tf.dispose([plain, typed] as unknown as tf.TensorContainer);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([ids, mask, types]);
    disposeModel(model);
  });
});
