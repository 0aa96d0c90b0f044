// Training mode: train() swaps the weights for tf.Variables in place (same values, same tensor
// count), dropout acts only in training and is reproducible from its seed, the weight-decay
// groups are the transformers Trainer's, and gradients reach every weight through the fast wasm
// kernels (fused GELU / LayerNorm included) without restoreStockKernels(), for the tiny models
// and the real all-MiniLM-L6-v2.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { restoreStockKernels, useFastKernels } from '../../src/kernels/index.js';
import { seedDropout } from '../../src/nn/dropout.js';
import { LayerNorm } from '../../src/nn/layer_norm.js';
import { gelu } from '../../src/nn/activations.js';
import { GELU_KERNEL, LAYER_NORM_KERNEL } from '../../src/nn/fused_ops.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { CosineSimilarityLoss } from '../../src/training/losses/cosine_similarity.js';
import { registerTrainingGradients } from '../../src/training/gradients.js';
import { REAL_MODEL_DIR, TINY_MODELS, requireRealModel, tinyModelDir } from '../helpers/goldens.js';
import { modelGoldens } from './goldens.js';

const TEXTS = ['A man is playing a flute.', 'Two dogs run across a green field.'];
const SKIP_REAL = process.env['SBERT_REAL_MODEL'] === 'skip';

async function load(dir: string): Promise<SentenceTransformer> {
  return SentenceTransformer.fromSource(nodeSource(dir));
}

function embed(model: SentenceTransformer, texts: readonly string[]): Float32Array {
  return tf.tidy(() => model.forwardBatch(texts).sentence_embedding!.dataSync() as Float32Array);
}

describe('train() / eval()', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it.each(TINY_MODELS)('%s: weights become variables in place; dropout only while training, seeded', async (name) => {
    const model = await load(tinyModelDir(name));
    const before = embed(model, TEXTS);
    const count = tf.memory().numTensors;
    model.train();
    const params = model.trainableParameters();
    expect(params.every((p) => p.variable instanceof tf.Variable)).toBe(true);
    expect(tf.memory().numTensors).toBe(count);                               // swapped, not copied
    // Dropout on: different from eval, identical for the same seed.
    seedDropout(7);
    const a = embed(model, TEXTS);
    seedDropout(7);
    const b = embed(model, TEXTS);
    const c = embed(model, TEXTS);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a).not.toEqual(before);
    model.eval();
    expect(embed(model, TEXTS)).toEqual(before);                              // the variables hold the same values
    // encode() leaves the model in eval mode, as the reference's does.
    model.train();
    const encoded = await model.encode(TEXTS[0]!);
    expect(embed(model, TEXTS).subarray(0, encoded.length)).toEqual(before.subarray(0, encoded.length));
    model.dispose();
    expect(tf.memory().numTensors).toBe(count - params.length);
  });

  it.each(TINY_MODELS)("%s: weight decay groups are the Trainer's", async (name) => {
    const model = await load(tinyModelDir(name));
    const decayed = model.trainableParameters().filter((p) => p.decay).map((p) => p.name);
    // The reference also lists BERT's pooler, which sentence-transformers never runs (it gets no
    // gradient, so AdamW skips it) and which we do not load.
    const reference = modelGoldens(name).meta.decay_parameters.filter((n) => !n.startsWith('0.pooler.'));
    expect(decayed.sort()).toEqual(reference.sort());
    model.dispose();
  });
});

describe('fused wasm kernels under the gradient tape', () => {
  let restore: () => void;
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    registerTrainingGradients();
    restore = useFastKernels();
  });
  afterAll(() => restore());

  it('GELU and LayerNorm gradients (registered for the fused kernels) equal the composites\' autodiff on cpu', async () => {
    const x = Array.from({ length: 3 * 8 }, (_, i) => Math.sin(i * 1.7) * 2.5);
    const gamma = Array.from({ length: 8 }, (_, i) => 1 + 0.1 * Math.cos(i));
    const beta = Array.from({ length: 8 }, (_, i) => 0.05 * i);
    const dy = Array.from({ length: 3 * 8 }, (_, i) => Math.cos(i * 0.3));
    const run = () => {
      const xt = tf.tensor2d(x, [3, 8]);
      const norm = new LayerNorm(tf.tensor1d(gamma), tf.tensor1d(beta), 1e-12);
      const [dx, dGamma, dBeta] = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const ln = new LayerNorm(g as tf.Tensor1D, b as tf.Tensor1D, 1e-12);
        return tf.sum(tf.mul(gelu(ln.forward(xi)), tf.tensor2d(dy, [3, 8])));
      })([xt, norm.weight, norm.bias]);
      return [dx!, dGamma!, dBeta!].map((t) => Array.from(t.dataSync()));
    };
    const profile = await tf.profile(() => tf.tidy(() => gelu(new LayerNorm(tf.ones([8]), tf.zeros([8]), 1e-12).forward(tf.tensor2d(x, [3, 8])))));
    expect(profile.kernelNames).toEqual(expect.arrayContaining([GELU_KERNEL, LAYER_NORM_KERNEL]));
    const onWasm = tf.tidy(run);
    await tf.setBackend('cpu');
    const onCpu = tf.tidy(run);
    await tf.setBackend('wasm');
    onWasm.forEach((g, k) => g.forEach((v, i) => expect(Math.abs(v - onCpu[k]![i]!)).toBeLessThan(1e-5)));
  });

  it.each(TINY_MODELS)('%s: every weight gets a gradient, nothing left on the tape', async (name) => {
    const model = await load(tinyModelDir(name));
    const params = model.train().trainableParameters();
    const before = tf.memory().numTensors;
    const loss = new CosineSimilarityLoss();
    const { value, grads } = loss.lossAndGradients((t) => model.forwardBatch(t).sentence_embedding!, { columns: [TEXTS, [...TEXTS].reverse()], labels: [0.3, 0.8] }, params.map((p) => p.variable));
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const p of params) {
      const g = grads[p.variable.name];
      expect(g, p.name).toBeDefined();
      expect(tf.tidy(() => tf.all(tf.isFinite(g!)).dataSync()[0]), p.name).toBe(1);
    }
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it.skipIf(SKIP_REAL)('all-MiniLM-L6-v2: every weight gets a finite gradient, nonzero but for the key biases', async () => {
    requireRealModel();
    const model = await load(REAL_MODEL_DIR);
    const params = model.train().trainableParameters();
    expect(params).toHaveLength(101);                                          // 6 layers × 16 + 5 embedding weights
    const loss = new CosineSimilarityLoss();
    const { value, grads } = loss.lossAndGradients((t) => model.forwardBatch(t).sentence_embedding!, { columns: [TEXTS, [...TEXTS].reverse()], labels: [0.3, 0.8] }, params.map((p) => p.variable));
    for (const p of params) {
      const g = grads[p.variable.name];
      expect(g, p.name).toBeDefined();
      const [finite, largest] = tf.tidy(() => [tf.all(tf.isFinite(g!)).dataSync()[0], tf.max(tf.abs(g!)).dataSync()[0]]);
      expect(finite, p.name).toBe(1);
      // Softmax ignores a shift shared by all keys: the key biases' gradient is 0 but for rounding.
      if (!p.name.endsWith('key.bias')) expect(largest, p.name).toBeGreaterThan(0);
    }
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
  });
});

afterAll(() => restoreStockKernels());
