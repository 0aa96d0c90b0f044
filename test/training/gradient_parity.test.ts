// Gradient parity with the reference, dropout off: for every tiny fixture model and every loss,
// the loss and its gradient with respect to every parameter equal what torch computes on the same
// batch (test/fixtures/training, test/reference/fixture_training.py). On cpu (composite kernels)
// each parameter must be within 1e-5 abs or 1e-4 relative; on wasm with the fast kernels (fused
// GELU and LayerNorm, registered gradients), within 1e-4 relative. Relative is max |diff| over
// the parameter's max |ref|, floored at 1% of the loss's largest gradient G: some gradients are
// zero but for the rounding of sums that cancel (the attention key biases, as softmax ignores a
// shift shared by all keys; the last LayerNorm bias under TripletLoss, as Euclidean distances
// ignore a shift shared by all embeddings), and rounding noise is no scale to measure against.
// Below the floor the check is |diff| ≤ 1e-6·G, tighter than the cpu's 1e-5 abs for G ≤ 10.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { restoreStockKernels, useFastKernels } from '../../src/kernels/index.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import type { TrainableParameter } from '../../src/training/trainable.js';
import { TINY_MODELS, tinyModelDir, type TinyModelName } from '../helpers/goldens.js';
import { lossFor } from './fixtures.js';
import { LOSS_KEYS, modelGoldens, type ModelGoldens } from './goldens.js';

const CPU_ABS = 1e-5;
const REL = 1e-4;
const report: string[] = [];
afterAll(() => console.info(`gradient parity (worst parameter: max abs diff, max rel = abs / max |ref|):\n${report.join('\n')}`));

interface Worst { abs: number; rel: number; absAt: string; relAt: string }

/** Largest |gradient| the reference has for any parameter under this loss. */
function gradientScale(g: ModelGoldens, key: string): number {
  let m = 0;
  for (const [name, t] of g.tensors) {
    if (!name.startsWith(`${key}/`) || name === `${key}/loss` || name.includes('/init.') || name === `${key}/label`) continue;
    for (const v of t.data) m = Math.max(m, Math.abs(v));
  }
  return m;
}

/** Our gradient of one parameter in the checkpoint layout against the reference's (rows of embedding tables expanded). */
function compare(p: TrainableParameter, grad: tf.Tensor | undefined, g: ModelGoldens, key: string, floor: number): { abs: number; rel: number } {
  const ref = g.tensors.get(`${key}/${p.name}`);
  if (ref === undefined) {
    // The reference gives no gradient when the loss does not reach the parameter; ours must be absent or zero.
    if (grad !== undefined) expect(tf.max(tf.abs(grad)).dataSync()[0], `${key} ${p.name}: reference has no gradient`).toBe(0);
    return { abs: 0, rel: 0 };
  }
  expect(grad, `${key} ${p.name}: no gradient`).toBeDefined();
  const ours = p.transposed ? tf.transpose(grad!) : tf.clone(grad!);
  const rowIds = g.tensors.get(`rows.${p.name}`);
  let got: Float32Array;
  if (rowIds === undefined) {
    got = ours.dataSync() as Float32Array;
  } else {
    // Embedding tables: the reference stores only the rows the batch reads; every other row is 0.
    const picked = tf.gather(ours, tf.tensor1d(rowIds.data as Int32Array, 'int32'));
    const onlyThose = tf.scatterND(tf.reshape(tf.tensor1d(rowIds.data as Int32Array, 'int32'), [-1, 1]), picked, ours.shape);
    expect(tf.max(tf.abs(tf.sub(ours, onlyThose))).dataSync()[0], `${key} ${p.name}: gradient outside the batch's rows`).toBe(0);
    got = picked.dataSync() as Float32Array;
  }
  expect(got.length, `${key} ${p.name}: size`).toBe(ref.data.length);
  let abs = 0;
  let scale = 0;
  for (let i = 0; i < got.length; i++) {
    abs = Math.max(abs, Math.abs(got[i]! - ref.data[i]!));
    scale = Math.max(scale, Math.abs(ref.data[i]!));
  }
  return { abs, rel: abs === 0 ? 0 : abs / Math.max(scale, floor) };
}

describe.each(['cpu', 'wasm'] as const)('gradients vs reference on %s', (backend) => {
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    if (backend === 'wasm') restore = useFastKernels();
  });
  afterAll(() => {
    if (restore !== undefined) restoreStockKernels();
  });

  it.each(TINY_MODELS)('%s: every loss, every parameter', async (name: TinyModelName) => {
    const g = modelGoldens(name);
    const model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir(name)));
    const params = model.trainableParameters();
    const embed = (texts: readonly string[]) => model.forwardBatch(texts).sentence_embedding!;
    const before = tf.memory().numTensors;
    for (const key of LOSS_KEYS) {
      const { loss, batch } = lossFor(key, g);
      const vars = [...params.map((p) => p.variable), ...loss.variables];
      const { value, grads } = loss.lossAndGradients(embed, batch, vars);
      const want = g.tensors.get(`${key}/loss`)!.data[0]!;
      const lossDiff = Math.abs(value.dataSync()[0]! - want);
      const worst: Worst = { abs: 0, rel: 0, absAt: '', relAt: '' };
      const floor = 1e-2 * gradientScale(g, key);
      tf.tidy(() => {
        const all: TrainableParameter[] = [...params];
        if (loss.variables.length > 0) {
          // SoftmaxLoss's classifier: kernel [in, out] (torch's weight transposed) and bias.
          const [kernel, bias] = loss.variables as [tf.Variable, tf.Variable];
          all.push({ name: 'classifier.weight', variable: kernel, transposed: true, decay: true }, { name: 'classifier.bias', variable: bias, transposed: false, decay: false });
        }
        for (const p of all) {
          const { abs, rel } = compare(p, grads[p.variable.name], g, key, floor);
          const ok = backend === 'cpu' ? abs <= CPU_ABS || rel <= REL : rel <= REL;
          expect(ok, `${backend} ${name} ${key} ${p.name}: max abs ${abs.toExponential(2)}, rel ${rel.toExponential(2)}`).toBe(true);
          if (abs > worst.abs) Object.assign(worst, { abs, absAt: p.name });
          if (rel > worst.rel) Object.assign(worst, { rel, relAt: p.name });
        }
      });
      expect(lossDiff, `${backend} ${name} ${key}: loss ${value.dataSync()[0]} vs ${want}`).toBeLessThan(backend === 'cpu' ? 1e-5 : 1e-4);
      report.push(`${backend} ${name} ${key}: loss diff ${lossDiff.toExponential(1)}, abs ${worst.abs.toExponential(1)} (${worst.absAt}), rel ${worst.rel.toExponential(1)} (${worst.relAt})`);
      tf.dispose([value, ...Object.values(grads)]);
      loss.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
