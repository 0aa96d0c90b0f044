// modules.json handling: a folder without it (Transformer + mean pooling, as the reference),
// unknown module types and bad pooling configs (errors naming file, field and what was found).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { FileSource } from '../../src/io/file_source.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { loadGoldens, tinyModelDir } from '../helpers/goldens.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

/** `base` with files replaced (a value) or hidden (null). */
function overlay(base: FileSource, files: Record<string, unknown>): FileSource {
  const enc = new TextEncoder();
  return {
    root: base.root,
    readBytes: async (p) => {
      if (files[p] === null) throw new Error(`${p} hidden`);
      return p in files ? enc.encode(JSON.stringify(files[p])) : base.readBytes(p);
    },
    exists: async (p) => (p in files ? files[p] !== null : base.exists(p)),
  };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loading a model folder', () => {
  it('without modules.json: Transformer + mean pooling, equal to the mean-pooled goldens', async () => {
    const before = tf.memory().numTensors;
    const m = await SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), { 'modules.json': null }));
    expect(m.modules.map((x) => x.type.split('.').pop())).toEqual(['Transformer', 'Pooling']);
    const g = loadGoldens('tiny-bert');
    const want = g.tensor('sentence_embedding');
    const got = await m.encode(g.meta.sentences);
    got.forEach((v, i) => expect(maxAbsDiff(v, want.data.subarray(i * 32, (i + 1) * 32))).toBeLessThan(CPU_ATOL));
    m.dispose();
    expect(tf.memory().numTensors).toBe(before); // dispose() frees every weight
  });

  it('an unknown module type names modules.json, the index and the type', async () => {
    const modules = [
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_CNN', type: 'sentence_transformers.models.CNN' },
    ];
    const before = tf.memory().numTensors;
    const p = SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), { 'modules.json': modules }));
    await expect(p).rejects.toBeInstanceOf(ConfigError);
    await expect(p).rejects.toThrow(/modules\.json: field "\[1\]\.type" "sentence_transformers\.models\.CNN" is not supported; known classes: Transformer, BERT/);
    expect(tf.memory().numTensors).toBe(before); // the Transformer loaded first was freed
  });

  it('custom code outside sentence_transformers is refused', async () => {
    const modules = [{ idx: 0, name: '0', path: '', type: 'my_package.MyTransformer' }];
    await expect(SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), { 'modules.json': modules })))
      .rejects.toThrow(/field "\[0\]\.type" must name a sentence_transformers module class \(.*\), found "my_package\.MyTransformer"/);
  });

  it('a bad pooling mode names the file, the field and what it found', async () => {
    const p = SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), {
      '1_Pooling/config.json': { embedding_dimension: 32, pooling_mode: 'median' },
    }));
    await expect(p).rejects.toThrow(/1_Pooling\/config\.json: field "pooling_mode" must be one of cls, max, mean, mean_sqrt_len_tokens, weightedmean, lasttoken, found "median"/);
  });

  it('an unsupported Dense activation names it and the known ones', async () => {
    const before = tf.memory().numTensors;
    const p = SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert-dense')), {
      '2_Dense/config.json': { in_features: 32, out_features: 16, bias: true, activation_function: 'torch.nn.modules.activation.Hardswish' },
    }));
    await expect(p).rejects.toThrow(/2_Dense\/config\.json: field "activation_function" "torch\.nn\.modules\.activation\.Hardswish" is not supported; known: Identity, Tanh/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
