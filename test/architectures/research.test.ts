// The research API on in-memory random models (no files): trace outputs, slicing and swapping
// blocks, names round-tripping, and tensor ownership.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { BertModel, BertSelfAttention, DistilBertModel, RobertaModel, loadEncoder } from '../../src/architectures/index.js';
import type { AnyEncoder, EncoderInputs } from '../../src/architectures/index.js';
import type { AttentionResult } from '../../src/nn/attention.js';
import { disposeModel, namedParameters, parameterCount, stateDict } from '../../src/nn/parameters.js';
import { maxAbsDiff } from '../helpers/tolerances.js';
import { TINY_BERT, TINY_DISTILBERT, TINY_ROBERTA, batch, bertShapes, distilbertShapes, randomValues, toTensors } from './random_weights.js';

const FILES = { config: 'config.json', weights: 'model.safetensors' };
const T = 10;

function build(config: typeof TINY_BERT | typeof TINY_DISTILBERT) {
  const shapes = 'dim' in config ? distilbertShapes(config) : bertShapes(config);
  const values = randomValues(shapes);
  const { model, unusedKeys } = loadEncoder(config, toTensors(values, shapes), FILES);
  return { model, unusedKeys, shapes, values };
}


beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each([['bert', TINY_BERT], ['roberta', TINY_ROBERTA], ['distilbert', TINY_DISTILBERT]] as const)('%s research API', (name, config) => {
  it('builds the right class and lists only the pooler as unused', () => {
    const { model, unusedKeys } = build(config);
    expect(model).toBeInstanceOf(name === 'bert' ? BertModel : name === 'roberta' ? RobertaModel : DistilBertModel);
    expect(unusedKeys).toEqual(name === 'distilbert' ? [] : ['pooler.dense.weight', 'pooler.dense.bias']);
    disposeModel(model);
  });

  it('namedParameters gives back every checkpoint key; stateDict the original values and layouts', () => {
    const { model, shapes, values } = build(config);
    const expected = [...shapes.keys()].filter((k) => !k.startsWith('pooler.'));
    expect(namedParameters(model).map(([k]) => k)).toEqual(expected);
    expect(parameterCount(model)).toBe(expected.reduce((n, k) => n + values.get(k)!.length, 0));
    const sd = stateDict(model);
    for (const k of expected) {
      expect(sd.get(k)!.shape, k).toEqual(shapes.get(k));
      expect(maxAbsDiff(sd.get(k)!, values.get(k)!), k).toBe(0);
    }
    tf.dispose([...sd.values()]);
    disposeModel(model);
  });

  it('returns layers + 1 hidden states and one attention map per layer, without leaking', () => {
    const { model } = build(config);
    const inputs = batch(T, [T, 4], name === 'roberta' ? 1 : 0);
    const before = tf.memory().numTensors;
    const out = model.run(inputs, { outputHiddenStates: true, outputAttentions: true });
    const L = 3;
    expect(out.hidden_states).toHaveLength(L + 1);
    expect(out.attentions).toHaveLength(L);
    expect(out.hidden_states![L]).toBe(out.last_hidden_state);
    expect(out.attentions![0]!.shape).toEqual([2, 2, T, T]);
    // The returned tensors are the only survivors: 4 hidden states + 3 attention maps.
    expect(tf.memory().numTensors).toBe(before + 7);
    tf.dispose(out as unknown as tf.TensorContainer);
    expect(tf.memory().numTensors).toBe(before);
    const plain = model.run(inputs);
    expect(plain.hidden_states).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose(plain.last_hidden_state);
    // Padded keys get probability 0 in every head and query row.
    const probs = tf.tidy(() => model.forward(inputs, { outputAttentions: true }).attentions![1]!.arraySync());
    expect((probs as number[][][][])[1]!.flat().every((row) => row.slice(4).every((p) => p === 0))).toBe(true);
    tf.dispose(inputs);
    disposeModel(model);
  });

  it('slicing the layer array gives the full model\'s intermediate hidden state as the output', () => {
    const { model } = build(config);
    const inputs = batch(T, [T, 6], name === 'roberta' ? 1 : 0);
    const full = model.run(inputs, { outputHiddenStates: true });
    const layers = model.layers;
    const kept = layers.splice(1);                                   // keep only layer 0
    const sliced = model.run(inputs, { outputHiddenStates: true });
    expect(sliced.hidden_states).toHaveLength(2);
    expect(maxAbsDiff(sliced.last_hidden_state, full.hidden_states![1]!)).toBe(0);
    layers.push(...kept);
    tf.dispose([full, sliced, inputs] as unknown as tf.TensorContainer);
    disposeModel(model);
  });

  it('a swapped-in user layer is used: an identity layer makes layer 1 vanish', () => {
    const { model } = build(config);
    const inputs = batch(T, [T, 5], name === 'roberta' ? 1 : 0);
    const full = model.run(inputs, { outputHiddenStates: true });
    const layers = model.layers as { forward: (h: tf.Tensor3D, m: tf.Tensor4D) => unknown }[];
    layers[1] = { forward: (h, m) => ({ hidden: h, probs: tf.zeros([h.shape[0], 2, h.shape[1], h.shape[1]]) }) };
    layers.pop();                                                    // model = layer 0, identity
    const swapped = model.run(inputs);
    expect(maxAbsDiff(swapped.last_hidden_state, full.hidden_states![1]!)).toBe(0);
    tf.dispose([full, swapped, inputs] as unknown as tf.TensorContainer);
    disposeModel(model);
  });
});

describe('swapping one attention block for a user class', () => {
  /** Zeroes the attention of one head: the classic head-ablation experiment. */
  class HeadAblation extends BertSelfAttention {
    calls = 0;
    constructor(inner: BertSelfAttention, readonly head: number) {
      super(inner.query, inner.key, inner.value, inner.num_attention_heads);
    }
    override forward(hidden: tf.Tensor3D, maskBias: tf.Tensor4D): AttentionResult {
      this.calls++;
      const { context, probs } = super.forward(hidden, maskBias);
      const hs = context.shape[2] / this.num_attention_heads;
      const keep = tf.tensor1d(Array.from({ length: context.shape[2] }, (_, j) => (Math.floor(j / hs) === this.head ? 0 : 1)));
      return { context: tf.mul(context, keep) as tf.Tensor3D, probs };
    }
  }

  it('runs the user class and changes only what it should', () => {
    const model = build(TINY_BERT).model as BertModel;
    const inputs: EncoderInputs = batch(T, [T, 7], 0);
    const base = model.run(inputs, { outputHiddenStates: true, outputAttentions: true });
    const original = model.encoder.layer[2]!.attention.self;
    const ablation = new HeadAblation(original, 1);
    model.encoder.layer[2]!.attention.self = ablation;
    const ablated = model.run(inputs, { outputHiddenStates: true, outputAttentions: true });
    expect(ablation.calls).toBe(1);
    expect(maxAbsDiff(ablated.hidden_states![2]!, base.hidden_states![2]!)).toBe(0);   // before layer 2
    expect(maxAbsDiff(ablated.attentions![2]!, base.attentions![2]!)).toBe(0);         // probs untouched
    expect(maxAbsDiff(ablated.last_hidden_state, base.last_hidden_state)).toBeGreaterThan(1e-3);
    // First principles: layer 2 with head 1's context zeroed, computed by hand from the blocks.
    const expected = tf.tidy(() => {
      const layer = model.encoder.layer[2]!;
      const h = base.hidden_states![2]!;
      const { context } = original.forward(h, tf.reshape(tf.mul(tf.sub(1, tf.cast(inputs.attention_mask, 'float32')), -1e9), [2, 1, 1, T]) as tf.Tensor4D);
      const zeroed = tf.concat([tf.slice(context, [0, 0, 0], [-1, -1, 4]), tf.zeros([2, T, 4])], 2) as tf.Tensor3D;
      const a = layer.attention.output.forward(zeroed, h);
      return layer.output.forward(layer.intermediate.forward(a), a);
    });
    expect(maxAbsDiff(ablated.last_hidden_state, expected)).toBeLessThan(1e-6);
    tf.dispose([base, ablated, expected, inputs] as unknown as tf.TensorContainer);
    disposeModel(model);
  });
});
