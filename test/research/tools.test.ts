// The research tools on the tiny models against the reference (test/reference/fixture_research.py
// and the layer goldens of fixture_models.py), on cpu: hooks by checkpoint name, head pruning and
// masking, layer truncation, similarity gradients and integrated gradients.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { nodeSource } from '../../src/io/node_file_source.js';
import { namedParameters, parameterCount } from '../../src/nn/parameters.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import {
  attentionRollout, attributeSimilarity, captureModules, headCounts, hookCount, hookModule, pruneHeads, quadrature,
  remainingHeads, setHeadMask, similarityGradients, truncateLayers,
} from '../../src/research/index.js';
import type { EncoderInputs } from '../../src/architectures/types.js';
import { FIXTURES_DIR, LAYER_GOLDEN_MODELS, loadGoldens, readSafetensorsFile, tinyModelDir, TINY_MODELS, type GoldenTensor, type TinyModelName } from '../helpers/goldens.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

const STRUCTURE_MODELS: readonly TinyModelName[] = ['tiny-bert', 'tiny-roberta', 'tiny-xlmr', 'tiny-distilbert', 'tiny-mpnet'];
const WORST: Record<string, number> = {};
const note = (key: string, v: number): void => { WORST[key] = Math.max(WORST[key] ?? 0, v); };

function research(name: TinyModelName) {
  const meta = JSON.parse(readFileSync(join(FIXTURES_DIR, 'research', `${name}.json`), 'utf-8')) as {
    sentences: string[]; pair: [string, string]; pruned_heads: Record<string, number[]>; pruned_parameter_count: number; parameter_count: number; truncate_to: number[];
  };
  const tensors = readSafetensorsFile(join(FIXTURES_DIR, 'research', `${name}.safetensors`));
  return { meta, t: (k: string): GoldenTensor => tensors.get(k)! };
}

const load = (name: TinyModelName, options: { truncateLayers?: number } = {}): Promise<SentenceTransformer> =>
  SentenceTransformer.fromSource(nodeSource(tinyModelDir(name)), options);

function goldenInputs(name: TinyModelName): EncoderInputs {
  const g = loadGoldens(name);
  const int = (k: string): tf.Tensor2D => tf.tensor2d(g.tensor(k).data as Int32Array, g.tensor(k).shape as [number, number], 'int32');
  return { input_ids: int('input_ids'), attention_mask: int('attention_mask'), ...(g.tensors.has('token_type_ids') ? { token_type_ids: int('token_type_ids') } : {}) };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => console.log(`research tools max abs error vs reference: ${JSON.stringify(WORST)}`));

describe.each(LAYER_GOLDEN_MODELS)('hooks on %s', (name) => {
  const g = loadGoldens(name);
  const golden = (i: number): tf.Tensor3D => tf.tensor3d(g.tensor(`hidden_states.${i}`).data as Float32Array, g.tensor(`hidden_states.${i}`).shape as [number, number, number]);
  let model: SentenceTransformer;
  beforeAll(async () => { model = await load(name); });
  afterAll(() => model.dispose());

  it('capture returns exactly the traced hidden states, by checkpoint name and by `layers.i`', () => {
    const enc = model.transformer.encoder;
    const layerName = name === 'tiny-distilbert' ? 'transformer.layer' : 'encoder.layer';
    const names = ['embeddings', `${layerName}.0`, 'layers.1'];
    const inputs = goldenInputs(name);
    const before = tf.memory().numTensors;
    const c = captureModules(enc, names);
    const out = enc.run(inputs, { outputHiddenStates: true });
    c.remove();
    const got = [c.outputs.get('embeddings')![0], (c.outputs.get(`${layerName}.0`)![0] as { hidden: tf.Tensor }).hidden, (c.outputs.get('layers.1')![0] as { hidden: tf.Tensor }).hidden] as tf.Tensor[];
    got.forEach((t, i) => expect(maxAbsDiff(t, out.hidden_states![i]!)).toBe(0));
    const want2 = golden(2);
    expect(maxAbsDiff(out.hidden_states![2]!, want2)).toBeLessThan(CPU_ATOL);
    tf.dispose([want2, ...(out.hidden_states ?? [])]);
    c.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(inputs as unknown as tf.TensorContainer);
  });

  it("replacing layer 0's output by the reference's leaves every later layer equal to the reference, even from broken embeddings", () => {
    const enc = model.transformer.encoder;
    const want1 = golden(1);
    const inputs = goldenInputs(name);
    const broken = hookModule(enc, 'embeddings', { onOutput: (o) => tf.zerosLike(o as tf.Tensor) });
    const patch = hookModule(enc, 'layers.0', { onOutput: (o) => ({ ...(o as object), hidden: want1 }) });
    const out = enc.run(inputs, { outputHiddenStates: true });
    broken.remove();
    patch.remove();
    expect(want1.isDisposed).toBe(false);                              // the patch was the caller's tensor
    expect(maxAbsDiff(out.hidden_states![1]!, want1)).toBe(0);
    const want2 = golden(2);
    const err = maxAbsDiff(out.hidden_states![2]!, want2);
    want2.dispose();
    note(`patch/${name}`, err);
    expect(err).toBeLessThan(CPU_ATOL);
    expect(Math.max(...out.hidden_states![0]!.dataSync().map(Math.abs))).toBe(0);
    tf.dispose([want1, ...(out.hidden_states ?? [])]);
    tf.dispose(inputs as unknown as tf.TensorContainer);
  });

  it('hooks work inside encode() and come off cleanly', async () => {
    const layer = model.transformer.encoder.layers[1]!;
    const names = namedParameters(model.transformer.encoder).map(([k]) => k);
    const h = model.hook('layers.1', { onOutput: (o) => ({ ...(o as object), hidden: tf.zerosLike((o as { hidden: tf.Tensor }).hidden) }) });
    expect(Object.hasOwn(layer, 'forward')).toBe(true);
    expect(namedParameters(model.transformer.encoder).map(([k]) => k)).toEqual(names);
    const zero = await model.encode(g.meta.sentences.slice(0, 2));
    if (g.meta.pooling_mode !== 'cls') zero.forEach((v) => expect(Math.max(...v.map(Math.abs))).toBe(0));
    else zero.forEach((v) => expect(Math.max(...v.map(Math.abs))).toBe(0));
    h.remove();
    h.remove();
    expect(Object.hasOwn(layer, 'forward')).toBe(false);
    expect(hookCount(model.transformer.encoder, 'layers.1')).toBe(0);
    const back = await model.encode(g.meta.sentences[0]!);
    const want = g.tensor('sentence_embedding');
    expect(maxAbsDiff(back, (want.data as Float32Array).subarray(0, want.shape[1]))).toBeLessThan(CPU_ATOL);
  });

  it('pipeline modules by index: "1" is the Pooling, "0.<name>" the encoder', async () => {
    const c = model.capture(['1', '0.embeddings']);
    const e = await model.encode(g.meta.sentences[0]!);
    c.remove();
    const pooled = (c.outputs.get('1')![0] as { sentence_embedding: tf.Tensor }).sentence_embedding;
    expect(maxAbsDiff(pooled.dataSync(), e)).toBe(0);
    expect(c.outputs.get('0.embeddings')!.length).toBe(1);
    c.dispose();
    expect(() => model.hook('embeddings.nothing', {})).toThrow(/no module "nothing"/);
  });
});

describe.each(STRUCTURE_MODELS)('pruning, head masks and truncation on %s', (name) => {
  const { meta, t } = research(name);
  it("pruning the reference's heads gives its pruned model's outputs and parameter count", async () => {
    const model = await load(name);
    const enc = model.transformer.encoder;
    expect(parameterCount(enc)).toBe(meta.parameter_count);
    pruneHeads(enc, { 1: [0] });
    pruneHeads(enc, { 0: [1], 1: [2, 0] });            // original numbers; head 0 of layer 1 is gone already
    expect(headCounts(enc)).toEqual([3, 2]);
    expect(remainingHeads(enc)).toEqual([[0, 2, 3], [1, 3]]);
    expect(parameterCount(enc)).toBe(meta.pruned_parameter_count);
    const f = model.forwardBatch(meta.sentences);
    const errTok = maxAbsDiff(f.token_embeddings!, t('prune/token_embeddings').data);
    const errSent = maxAbsDiff(f.sentence_embedding!, t('prune/sentence_embedding').data);
    note(`prune/${name}`, Math.max(errTok, errSent));
    expect(errTok).toBeLessThan(CPU_ATOL);
    expect(errSent).toBeLessThan(CPU_ATOL);
    tf.dispose(f as unknown as tf.TensorContainer);
    model.dispose();
  });

  it('a head mask of zeros on those heads equals pruning them; ones change nothing; a factor scales the head', async () => {
    const model = await load(name);
    const enc = model.transformer.encoder;
    const params = namedParameters(enc).map(([k]) => k);
    const plain = model.forwardBatch(meta.sentences);
    setHeadMask(enc, [[1, 1, 1, 1], [1, 1, 1, 1]]);
    const ones = model.forwardBatch(meta.sentences);
    expect(maxAbsDiff(ones.token_embeddings!, plain.token_embeddings!)).toBe(0);
    setHeadMask(enc, [[1, 0, 1, 1], [0, 1, 0, 1]]);
    expect(namedParameters(enc).map(([k]) => k)).toEqual(params);
    const masked = model.forwardBatch(meta.sentences);
    expect(maxAbsDiff(masked.token_embeddings!, t('prune/token_embeddings').data)).toBeLessThan(CPU_ATOL);
    const inputs = goldenInputs(name);
    setHeadMask(enc, [[1, 0.5, 1, 1], null]);
    const half = enc.run(inputs, { outputAttentions: true });
    setHeadMask(enc, null);
    const full = enc.run(inputs, { outputAttentions: true });
    const headOf = (a: tf.Tensor4D, h: number): tf.Tensor => tf.slice(a, [0, h, 0, 0], [-1, 1, -1, -1]);
    expect(maxAbsDiff(headOf(half.attentions![0]!, 1), tf.mul(headOf(full.attentions![0]!, 1), 0.5))).toBeLessThan(1e-7);
    expect(maxAbsDiff(headOf(half.attentions![0]!, 2), headOf(full.attentions![0]!, 2))).toBe(0);
    const after = model.forwardBatch(meta.sentences);
    expect(maxAbsDiff(after.token_embeddings!, plain.token_embeddings!)).toBe(0);
    tf.dispose([plain, ones, masked, half, full, after, inputs] as unknown as tf.TensorContainer);
    model.dispose();
  });

  it.each([0, 1])('truncated to %i layers: embeddings equal the reference with its layer list sliced', async (k) => {
    const model = await load(name, { truncateLayers: k });
    expect(model.transformer.encoder.layers.length).toBe(k);
    const got = await model.encode(meta.sentences);
    const want = t(`truncate.${k}/sentence_embedding`);
    const d = want.shape[1]!;
    const err = Math.max(...got.map((v, i) => maxAbsDiff(v, (want.data as Float32Array).subarray(i * d, (i + 1) * d))));
    note(`truncate.${k}/${name}`, err);
    expect(err).toBeLessThan(CPU_ATOL);
    model.dispose();
  });

  it('truncateLayers frees the removed layers, or hands them back', async () => {
    const model = await load(name);
    const enc = model.transformer.encoder;
    const before = tf.memory().numTensors;
    const removed = truncateLayers(enc, 1, { dispose: false });
    expect(removed.length).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => truncateLayers(enc, 3)).toThrow(/0\.\.1/);
    enc.layers = [...enc.layers, ...(removed as typeof enc.layers)];
    model.truncateLayers(1);
    expect(tf.memory().numTensors).toBeLessThan(before);
    model.dispose();
  });
});

describe.each(TINY_MODELS)('similarity attributions on %s', (name) => {
  const { meta, t } = research(name);
  let model: SentenceTransformer;
  beforeAll(async () => { model = await load(name); });
  afterAll(() => model.dispose());

  it('the gradient of the similarity w.r.t. the input embeddings equals torch autograd', () => {
    const before = tf.memory().numTensors;
    const g = similarityGradients(model, meta.pair[0], meta.pair[1]);
    expect(Math.abs(g.similarity - t('grad/similarity').data[0]!)).toBeLessThan(CPU_ATOL);
    const err = Math.max(maxAbsDiff(g.gradA, t('grad/a').data, t('grad/a').shape), maxAbsDiff(g.gradB, t('grad/b').data, t('grad/b').shape));
    note(`grad/${name}`, err);
    expect(err).toBeLessThan(CPU_ATOL);
    tf.dispose([g.embedsA, g.embedsB, g.gradA, g.gradB]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('integrated gradients are complete within 1% (50 steps); gradient x input sums x·grad', () => {
    const before = tf.memory().numTensors;
    // Max pooling (tiny-bert-dense) makes the path integrand piecewise smooth: Gauss-Legendre's
    // advantage goes, so there the trapezoid rule with more points.
    const options = name === 'tiny-bert-dense' ? { steps: 400, integration: 'riemann_trapezoid' as const } : { steps: 50 };
    const ig = attributeSimilarity(model, meta.pair[0], meta.pair[1], options);
    note(`ig-completeness-relative/${name}`, Math.abs([...ig.tokensA, ...ig.tokensB].reduce((s, x) => s + x.score, 0) - (ig.similarity - ig.baselineSimilarity!)) / Math.abs(ig.similarity - ig.baselineSimilarity!));
    const total = [...ig.tokensA, ...ig.tokensB].reduce((s, x) => s + x.score, 0);
    const gap = ig.similarity - ig.baselineSimilarity!;
    expect(Math.abs(total - gap)).toBeLessThan(0.01 * Math.abs(gap));
    // Special tokens keep their embeddings in the pad baseline: nothing to attribute.
    expect(ig.tokensA[0]!.score).toBe(0);
    const gxi = attributeSimilarity(model, meta.pair[0], meta.pair[1], { method: 'gradient_x_input' });
    const g = similarityGradients(model, meta.pair[0], meta.pair[1]);
    const want = tf.tidy(() => tf.sum(tf.mul(g.embedsA, g.gradA), 1));
    expect(maxAbsDiff(gxi.tokensA.map((x) => x.score), want)).toBeLessThan(1e-7);
    tf.dispose([g.embedsA, g.embedsB, g.gradA, g.gradB, want]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('quadrature and rollout', () => {
  it('Gauss-Legendre integrates polynomials up to degree 2n-1 exactly; every rule has weights summing to 1', () => {
    const { alphas, weights } = quadrature('gausslegendre', 5);
    for (let p = 0; p <= 9; p++) expect(Math.abs(alphas.reduce((s, a, i) => s + weights[i]! * a ** p, 0) - 1 / (p + 1))).toBeLessThan(1e-13);
    for (const m of ['riemann_trapezoid', 'riemann_middle', 'riemann_left', 'riemann_right'] as const) {
      expect(Math.abs(quadrature(m, 7).weights.reduce((s, w) => s + w, 0) - 1)).toBeLessThan(1e-14);
    }
  });

  it('attention rollout rows sum to 1; with no layers it is the identity', async () => {
    const model = await load('tiny-bert');
    const r = attentionRollout(model, 'A man is playing a flute.');
    r.rollout.forEach((row) => expect(Math.abs(row.reduce((s, x) => s + x, 0) - 1)).toBeLessThan(1e-5));
    model.truncateLayers(0);
    const id = attentionRollout(model, 'A man is playing a flute.');
    id.rollout.forEach((row, i) => row.forEach((x, j) => expect(x).toBe(i === j ? 1 : 0)));
    model.dispose();
  });
});
