import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Embedding } from '../../src/nn/embedding.js';
import { LayerNorm } from '../../src/nn/layer_norm.js';
import { Linear } from '../../src/nn/linear.js';
import { WeightError } from '../../src/errors.js';
import { disposeModel, namedParameters, parameterCount, setParameter, stateDict } from '../../src/nn/parameters.js';
import { useBackend } from './backends.js';

function tinyTree() {
  return {
    config: { hidden_size: 2, scratch: tf.scalar(1) },                       // skipped: settings, not weights
    emb: new Embedding(tf.zeros([5, 2]) as tf.Tensor2D),
    layer: [
      { dense: Linear.fromWeight(tf.ones([3, 2]) as tf.Tensor2D, tf.zeros([3]) as tf.Tensor1D), act: (x: tf.Tensor) => x },
      { dense: new Linear(tf.ones([2, 3]) as tf.Tensor2D, null), LayerNorm: new LayerNorm(tf.ones([3]) as tf.Tensor1D, tf.zeros([3]) as tf.Tensor1D, 1e-12) },
    ],
  };
}

describe('namedParameters / parameterCount / disposeModel', () => {
  it('walks properties and arrays into checkpoint names, Linear weights named "weight"', async () => {
    await useBackend('cpu');
    const tree = tinyTree();
    expect(namedParameters(tree).map(([k, t]) => `${k}:${t.shape.join('x')}`)).toEqual([
      'emb.weight:5x2', 'layer.0.dense.weight:2x3', 'layer.0.dense.bias:3', 'layer.1.dense.weight:2x3',
      'layer.1.LayerNorm.weight:3', 'layer.1.LayerNorm.bias:3',
    ]);
    expect(parameterCount(tree)).toBe(10 + 6 + 3 + 6 + 3 + 3);
    const sd = stateDict(tree);
    expect(sd.get('layer.0.dense.weight')!.shape).toEqual([3, 2]);              // back to [out, in]
    tf.dispose([...sd.values()]);
    const before = tf.memory().numTensors;
    disposeModel(tree);
    expect(tf.memory().numTensors).toBe(before - 6);
    tree.config.scratch.dispose();
  });
});

describe('setParameter', () => {
  it('overwrites a weight by checkpoint name, in checkpoint layout, and frees the old tensor', async () => {
    await useBackend('cpu');
    const tree = tinyTree();
    const old = tree.layer[0]!.dense.kernel;
    const w = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);                          // [out 3, in 2]
    setParameter(tree, 'layer.0.dense.weight', w);
    expect(old.isDisposed).toBe(true);
    expect(tree.layer[0]!.dense.kernel.arraySync()).toEqual([[1, 3, 5], [2, 4, 6]]);
    expect(w.isDisposed).toBe(false);
    setParameter(tree, 'emb.weight', tf.ones([5, 2]));
    expect(tf.sum(tree.emb.weight).dataSync()[0]).toBe(10);
    expect(() => setParameter(tree, 'layer.0.dense.weight', tf.ones([2, 3]))).toThrow('has shape [3, 2], given [2, 3]');
    expect(() => setParameter(tree, 'layer.7.dense.weight', w)).toThrow(WeightError);
    expect(() => setParameter(tree, 'config.scratch', w)).toThrow('is not a parameter');
    disposeModel(tree);
  });
});
