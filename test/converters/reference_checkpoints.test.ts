// Every reference checkpoint (test/fixtures/checkpoints: safetensors, torch zip, legacy, fp16,
// views/strides/shared storages) and every v0.2 folder and zip (test/fixtures/v02) converts, and
// each converted tensor's float32 bytes hash to the sha256 torch recorded in tensors.json
// (fp16 files: the half bytes hash to sha256_fp16).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertModel } from '../../src/convert/convert.js';
import { float32ToFloat16Bits } from '../../src/convert/manifest_writer.js';
import { readModelFolder } from '../../converters/node.js';
import { memorySource } from '../../src/io/file_source.js';
import { loadWeights } from '../../src/io/weights_manifest.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const CHECKPOINTS = join(FIXTURES, 'checkpoints');
const V02 = join(FIXTURES, 'v02');

interface TensorRecord { shape: number[]; dtype: string; sha256: string; sha256_fp16: string }
interface TensorsJson {
  tensors?: Record<string, TensorRecord>;
  dense_tensors?: Record<string, TensorRecord>;
  files: Record<string, { format: string; dtype: 'float32' | 'float16' }>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function records(name: string): TensorsJson {
  const path = join(CHECKPOINTS, name, 'tensors.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: run the reference harness (test/reference/make_fixtures.py)`);
  return JSON.parse(readFileSync(path, 'utf8')) as TensorsJson;
}

/** Loads a converted manifest and checks names, shapes and hashes against the reference records. */
async function expectMatches(files: Map<string, Uint8Array>, manifest: string, expected: Record<string, TensorRecord>, dtype: 'float32' | 'float16'): Promise<number> {
  const loaded = await loadWeights(memorySource('out', files), manifest);
  const floats = Object.entries(expected).filter(([, r]) => r.dtype.startsWith('float'));
  expect([...loaded.keys()].sort()).toEqual(floats.map(([k]) => k).sort());
  let parameters = 0;
  for (const [name, r] of floats) {
    const t = loaded.get(name)!;
    expect(t.shape).toEqual(r.shape);
    const values = t.dataSync<'float32'>();
    parameters += values.length;
    const hash = dtype === 'float32'
      ? sha256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
      : sha256(new Uint8Array(Uint16Array.from(values, float32ToFloat16Bits).buffer));
    expect(hash, `${manifest}: ${name}`).toBe(dtype === 'float32' ? r.sha256 : r.sha256_fp16);
  }
  tf.dispose([...loaded.values()]);
  return parameters;
}

const MODELS = existsSync(CHECKPOINTS) ? readdirSync(CHECKPOINTS).sort() : [];

describe('reference checkpoint fixtures', () => {
  it('exist', () => {
    expect(MODELS, `${CHECKPOINTS} is empty: run the reference harness (test/reference/make_fixtures.py)`).toEqual(
      expect.arrayContaining(['tiny-bert', 'tiny-roberta', 'tiny-distilbert', 'tiny-xlmr', 'tiny-bert-dense', 'tiny-mpnet']),
    );
  });
});

describe.each(MODELS)('%s checkpoints', (model) => {
  const json = records(model);
  it.each(Object.entries(json.files))('%s converts; every tensor hash equals torch', async (file, info) => {
    const expected = (file.startsWith('2_Dense/') ? json.dense_tensors : json.tensors)!;
    const bytes = new Uint8Array(readFileSync(join(CHECKPOINTS, model, file)));
    const result = convertModel(bytes, `${model}/${file}`);
    expect(result.weights[0]!.format).toBe(info.format);
    // Converted float32 shards of an fp16 file hold the exactly widened halves: check them as halves.
    await expectMatches(result.files, 'model.json', expected, info.dtype);
    // And --dtype float16 of a float32 file rounds to the same halves torch's .half() gives.
    const half = convertModel(bytes, `${model}/${file}`, { dtype: 'float16' });
    await expectMatches(half.files, 'model.json', expected, 'float16');
  });
});

const V02_MODELS = existsSync(V02) ? readdirSync(V02).filter((n) => !n.endsWith('.zip')).sort() : [];

/** The v0.2 module's own sentence_*_config.json (0_BERT/sentence_bert_config.json, 0_RoBERTa/sentence_roberta_config.json, ...). */
function v02SentenceConfig(model: string): { max_seq_length: number; do_lower_case: boolean } {
  const dir = readdirSync(join(V02, model)).find((n) => /^0_/.test(n));
  if (dir === undefined) throw new Error(`${join(V02, model)} has no 0_* module folder`);
  const file = readdirSync(join(V02, model, dir)).find((n) => /^sentence_.*_config\.json$/.test(n));
  if (file === undefined) throw new Error(`${join(V02, model, dir)} has no sentence_*_config.json`);
  return JSON.parse(readFileSync(join(V02, model, dir, file), 'utf8')) as { max_seq_length: number; do_lower_case: boolean };
}

it('the v0.2 fixtures are all there', () => {
  expect(V02_MODELS, `${V02} is empty: run the reference harness (test/reference/make_fixtures.py)`).toEqual(expect.arrayContaining(['tiny-bert', 'tiny-distilbert', 'tiny-roberta']));
});

describe.each(V02_MODELS)('v0.2 %s', (model) => {
  const expected = records(model).tensors!;

  it.each(['folder', 'zip'])('the %s converts to the modern layout with the reference tensors', async (kind) => {
    const result = kind === 'folder'
      ? convertModel(readModelFolder(join(V02, model)), model)
      : convertModel(new Uint8Array(readFileSync(join(V02, `${model}.zip`))), `${model}.zip`);
    expect(result.weights[0]!.format).toBe('torch-legacy');
    await expectMatches(result.files, 'model.json', expected, 'float32');
    const out = result.files;
    const modules = JSON.parse(new TextDecoder().decode(out.get('modules.json')!)) as { path: string; type: string }[];
    expect(modules).toEqual([
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ]);
    // The HF config replaces the v0.2 version record; the per-architecture config is renamed.
    const config = JSON.parse(new TextDecoder().decode(out.get('config.json')!)) as Record<string, unknown>;
    expect(config['__version__']).toBeUndefined();
    expect(config['hidden_size'] ?? config['dim']).toBe(32);
    // v0.2 counted max_seq_length without [CLS]/[SEP] (<s>/</s>); the output's Transformer counts
    // them, so the converted number is the original + 2 (e.g. 30 -> 32).
    const sentence = JSON.parse(new TextDecoder().decode(out.get('sentence_bert_config.json')!)) as { max_seq_length: number; do_lower_case: boolean };
    const original = v02SentenceConfig(model);
    expect(sentence.max_seq_length).toBe(original.max_seq_length + 2);
    expect(sentence.do_lower_case).toBe(original.do_lower_case);
    expect(out.has('1_Pooling/config.json')).toBe(true);
    expect([...out.keys()].some((p) => p.startsWith('0_'))).toBe(false);
  });
});
