// The real all-MiniLM-L6-v2 against the reference token embeddings of the STSb test sentences
// (.cache/, filled by `npm run fetch-model`): a 200-sentence slice on cpu (pure JS, slow) and
// every sentence on wasm. Batches of 32, sorted by length as SentenceTransformer.encode does, so
// little padding is computed; only each sentence's real tokens are compared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { BertModel, loadEncoder } from '../../src/architectures/index.js';
import type { EncoderInputs } from '../../src/architectures/index.js';
import { extendedAttentionMask } from '../../src/nn/attention_mask.js';
import { disposeModel } from '../../src/nn/parameters.js';
import { loadRealGoldens, requireRealModel } from '../helpers/goldens.js';
import type { RealGoldens } from '../helpers/goldens.js';
import { atolFor } from '../helpers/tolerances.js';
import { readSafetensorsTensors } from './tensors.js';

const CPU_SLICE = 200;
const BATCH = 32;
const SKIP = process.env.SBERT_REAL_MODEL === 'skip';

const measured: string[] = [];
afterAll(() => {
  if (measured.length > 0) console.info(`all-MiniLM-L6-v2 token embeddings vs reference:\n${measured.join('\n')}`);
});

function loadModel(): BertModel {
  const dir = requireRealModel();                                      // fails naming `npm run fetch-model`
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf-8')) as unknown;
  const weights = readSafetensorsTensors(join(dir, 'model.safetensors'));
  const { model, unusedKeys } = loadEncoder(config, weights, { config: join(dir, 'config.json'), weights: join(dir, 'model.safetensors') });
  expect(unusedKeys.filter((k) => !k.startsWith('pooler.'))).toEqual([]);
  tf.dispose(unusedKeys.map((k) => weights.get(k)!));
  expect(model).toBeInstanceOf(BertModel);
  return model as BertModel;
}

/** Lets vitest's worker answer its RPCs: a synchronous stretch over ~60 s fails the run. */
const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The cpu backend is pure JS (a 32-sentence batch can take a minute on a loaded machine), so there
 * the batch goes through the public blocks one layer at a time with a yield in between: the same
 * computation as forward() (the tiny parity tests check slices and forward() layer by layer).
 */
async function lastHidden(model: BertModel, inputs: EncoderInputs, stepwise: boolean): Promise<tf.Tensor3D> {
  if (!stepwise) return tf.tidy('minilm parity batch', () => model.forward(inputs).last_hidden_state);
  const maskBias = tf.tidy(() => extendedAttentionMask(inputs.attention_mask));
  let h = tf.tidy(() => model.embeddings.forward(inputs.input_ids, inputs.token_type_ids));
  for (const layer of model.encoder.layer) {
    await yieldToEventLoop();
    const next = tf.tidy(() => layer.forward(h, maskBias).hidden);
    h.dispose();
    h = next;
  }
  maskBias.dispose();
  return h;
}

/** Max abs error over the real tokens of sentences `rows`, encoded in length-sorted batches of 32. */
async function maxErrorOver(model: BertModel, g: RealGoldens, rows: number[], stepwise: boolean): Promise<number> {
  const ids = g.meta.input_ids;
  const ref = g.tensor('token_embeddings');                            // [Σ lengths, H], ragged
  const offsets = g.tensor('offsets').data;                            // sentence r owns rows offsets[r] …
  const H = ref.shape[1]!;
  const order = [...rows].sort((a, b) => ids[a]!.length - ids[b]!.length);
  let worst = 0;
  for (let start = 0; start < order.length; start += BATCH) {
    await yieldToEventLoop();
    const chunk = order.slice(start, start + BATCH);
    const len = Math.max(...chunk.map((r) => ids[r]!.length));
    const padded = chunk.map((r) => [...ids[r]!, ...new Array<number>(len - ids[r]!.length).fill(0)]);
    const mask = chunk.map((r) => Array.from({ length: len }, (_, j) => (j < ids[r]!.length ? 1 : 0)));
    const inputs: EncoderInputs = {
      input_ids: tf.tensor2d(padded, undefined, 'int32'),
      attention_mask: tf.tensor2d(mask, undefined, 'int32'),
      token_type_ids: tf.zeros([chunk.length, len], 'int32') as tf.Tensor2D,
    };
    const out = await lastHidden(model, inputs, stepwise);
    const got = out.dataSync();
    tf.dispose([out, inputs.input_ids, inputs.attention_mask, inputs.token_type_ids!]);
    for (const [b, r] of chunk.entries()) {
      for (let t = 0; t < ids[r]!.length; t++) {
        for (let h = 0; h < H; h++) {
          const d = Math.abs(got[(b * len + t) * H + h]! - ref.data[(offsets[r]! + t) * H + h]!);
          if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
        }
      }
    }
  }
  return worst;
}

describe.skipIf(SKIP)('all-MiniLM-L6-v2 token embeddings vs reference', () => {
  it.each([['cpu', `${CPU_SLICE}`, CPU_SLICE], ['wasm', 'all', Infinity]] as const)('on %s (%s sentences)', async (backend, _label, count) => {
    expect(await tf.setBackend(backend)).toBe(true);
    const g = loadRealGoldens();                                       // fails naming `npm run fetch-model`
    const n = Math.min(count, g.meta.sentences.length);
    const model = loadModel();
    const started = performance.now();
    const err = await maxErrorOver(model, g, Array.from({ length: n }, (_, i) => i), backend === 'cpu');
    measured.push(`${backend}: ${n} sentences, max abs ${err.toExponential(2)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(err).toBeLessThan(atolFor(backend));
    disposeModel(model);
  }, 900_000);
});
