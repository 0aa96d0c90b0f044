// The converter on the reference's tiny models (test/fixtures/models, written by
// SentenceTransformer.save): every converted tensor equals the checkpoint's bit for bit (float32)
// or is its nearest float16 (--dtype float16); config, tokenizer and module files come along.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertModel } from '../../src/convert/convert.js';
import { readModelFolder } from '../../converters/node.js';
import { float16ToFloat32, readSafetensors, toFloat32 } from '../../src/checkpoint/index.js';
import { float32ToFloat16Bits } from '../../src/convert/manifest_writer.js';
import { memorySource } from '../../src/io/file_source.js';
import { loadWeights } from '../../src/io/weights_manifest.js';
import { zipFile } from './helpers/zip_bytes.js';

const MODELS_DIR = join(import.meta.dirname, '..', 'fixtures', 'models');
const MODELS = readdirSync(MODELS_DIR).filter((n) => n.startsWith('tiny-')).sort();

/** Loads one converted module's manifest and checks it against the original safetensors. */
async function expectSameWeights(out: Map<string, Uint8Array>, manifest: string, original: Uint8Array, dtype: 'float32' | 'float16'): Promise<number> {
  const loaded = await loadWeights(memorySource('out', out), manifest);
  const reference = readSafetensors(original, 'reference');
  const floats = [...reference.values()].filter((t) => ['float32', 'float16', 'bfloat16', 'float64'].includes(t.dtype));
  expect([...loaded.keys()]).toEqual(floats.map((t) => t.name));
  for (const t of floats) {
    const got = loaded.get(t.name)!;
    expect(got.shape).toEqual(t.shape);
    const want = toFloat32(t);
    const expected = dtype === 'float32' ? want : float16ToFloat32(Uint16Array.from(want, float32ToFloat16Bits));
    // Bit for bit: compare the raw float32 bytes.
    expect(Buffer.from(new Uint8Array(got.dataSync<'float32'>().buffer)).equals(Buffer.from(new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength)))).toBe(true);
  }
  tf.dispose([...loaded.values()]);
  return floats.length;
}

describe.each(MODELS)('%s (modern folder)', (name) => {
  const input = readModelFolder(join(MODELS_DIR, name));

  it.each(['float32', 'float16'] as const)('converts with %s shards; tensors equal the checkpoint', async (dtype) => {
    const result = convertModel(input, name, { dtype });
    const out = result.files;
    await expectSameWeights(out, 'model.json', input.get('model.safetensors')!, dtype);
    if (input.has('2_Dense/model.safetensors')) await expectSameWeights(out, '2_Dense/model.json', input.get('2_Dense/model.safetensors')!, dtype);
    // Non-weight files are copied byte for byte; weights are not.
    for (const [path, bytes] of input) {
      if (path.endsWith('.safetensors')) expect(out.has(path)).toBe(false);
      else if (path !== 'modules.json') expect(Buffer.from(out.get(path)!).equals(Buffer.from(bytes))).toBe(true);
    }
    const modules = JSON.parse(new TextDecoder().decode(out.get('modules.json')!)) as { path: string; type: string }[];
    expect(modules[0]).toMatchObject({ path: '', type: 'sentence_transformers.models.Transformer' });
    expect(modules.slice(1).every((m) => /^sentence_transformers\.models\.(Pooling|Dense|Normalize)$/.test(m.type))).toBe(true);
  });

  it('converts from a zip of the folder (deflated and stored, wrapped in a top folder)', async () => {
    const entries = [...input].map(([path, data]) => ({ name: `${name}/${path}`, data }));
    for (const deflate of [false, true]) {
      const bytes = zipFile(entries, { deflate, dataDescriptors: true });
      const { inflateRawSync } = await import('node:zlib');
      const inflate = (d: Uint8Array, size: number): Uint8Array => new Uint8Array(inflateRawSync(d, { maxOutputLength: Math.max(size, 1) }));
      const result = convertModel(bytes, `${name}.zip`, { inflate });
      expect(result.input).toBe('zip');
      await expectSameWeights(result.files, 'model.json', input.get('model.safetensors')!, 'float32');
    }
  });

  it('converts the bare checkpoint file into model.json + shards only', async () => {
    const result = convertModel(input.get('model.safetensors')!, `${name}/model.safetensors`);
    expect(result.input).toBe('checkpoint');
    expect([...result.files.keys()].sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const count = await expectSameWeights(result.files, 'model.json', input.get('model.safetensors')!, 'float32');
    expect(result.weights[0]!.tensors).toBe(count);
  });
});

describe('sharded checkpoints (*.index.json)', () => {
  it('model.safetensors.index.json: every shard is read and merged', async () => {
    const { safetensorsFile } = await import('./helpers/safetensors_bytes.js');
    const input = readModelFolder(join(MODELS_DIR, 'tiny-bert'));
    const original = input.get('model.safetensors')!;
    const tensors = [...readSafetensors(original, 'orig').values()];
    const half = Math.ceil(tensors.length / 2);
    const shard = (ts: typeof tensors): Uint8Array => safetensorsFile(Object.fromEntries(ts.map((t) => [t.name, {
      dtype: 'F32', shape: [...t.shape], bytes: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
    }])));
    const files = new Map(input);
    files.delete('model.safetensors');
    files.set('model-00001-of-00002.safetensors', shard(tensors.slice(0, half)));
    files.set('model-00002-of-00002.safetensors', shard(tensors.slice(half)));
    const weightMap = Object.fromEntries(tensors.map((t, i) => [t.name, `model-0000${i < half ? 1 : 2}-of-00002.safetensors`]));
    files.set('model.safetensors.index.json', new TextEncoder().encode(JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap })));
    const result = convertModel(files, 'sharded');
    expect(result.weights[0]!.sources).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    await expectSameWeights(result.files, 'model.json', original, 'float32');
    expect([...result.files.keys()].some((k) => k.includes('index.json') || k.endsWith('.safetensors'))).toBe(false);
    // A shard named by the index but absent is an error naming the index file.
    files.delete('model-00002-of-00002.safetensors');
    expect(() => convertModel(files, 'sharded')).toThrow(/sharded\/model\.safetensors\.index\.json: shard "model-00002-of-00002\.safetensors" is missing/);
  });
});

describe('bad model folders', () => {
  const input = readModelFolder(join(MODELS_DIR, 'tiny-bert'));
  const withModules = (modules: unknown): Map<string, Uint8Array> => new Map(input).set('modules.json', new TextEncoder().encode(JSON.stringify(modules)));
  it.each([
    ['an unknown module type', [{ idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' }, { idx: 1, name: '1', path: '1_CNN', type: 'sentence_transformers.models.CNN' }], /\[1\]\.type.*"sentence_transformers\.models\.CNN" is not supported/],
    ['custom remote code', [{ idx: 0, name: '0', path: '', type: 'my_package.MyModule' }], /must name a sentence_transformers module class/],
    ['a path leaving the folder', [{ idx: 0, name: '0', path: '../x', type: 'sentence_transformers.models.Transformer' }], /must stay inside the model folder/],
    ['not a list', { a: 1 }, /must be a non-empty list/],
  ])('%s → ConfigError naming modules.json', (_, modules, message) => {
    expect(() => convertModel(withModules(modules), 'bad')).toThrow(message);
    expect(() => convertModel(withModules(modules), 'bad')).toThrow(/bad\/modules\.json/);
  });
  it('a module folder without weights → WeightError naming the folder', () => {
    const files = new Map(input);
    files.delete('model.safetensors');
    expect(() => convertModel(files, 'noweights')).toThrow(/noweights: weight "\*" no weights found/);
  });
});

describe('v0.3–v1.x layout (Transformer in 0_Transformer/)', () => {
  it('moves the Transformer to the root and keeps its tensors', async () => {
    const modern = readModelFolder(join(MODELS_DIR, 'tiny-bert'));
    const files = new Map<string, Uint8Array>();
    for (const [path, bytes] of modern) {
      if (path === 'modules.json' || path.includes('/') || path === 'config_sentence_transformers.json') files.set(path, bytes);
      else files.set(`0_Transformer/${path}`, bytes);
    }
    files.set('config.json', new TextEncoder().encode('{"__version__": "1.2.0"}'));
    const modules = JSON.parse(new TextDecoder().decode(modern.get('modules.json')!)) as { path: string; type: string }[];
    modules[0]!.path = '0_Transformer';
    modules[0]!.type = 'sentence_transformers.models.Transformer';
    files.set('modules.json', new TextEncoder().encode(JSON.stringify(modules)));
    const result = convertModel(files, 'v1');
    await expectSameWeights(result.files, 'model.json', modern.get('model.safetensors')!, 'float32');
    expect(Buffer.from(result.files.get('config.json')!).equals(Buffer.from(modern.get('config.json')!))).toBe(true);
    expect([...result.files.keys()].some((k) => k.startsWith('0_Transformer'))).toBe(false);
    expect(result.notes.join('\n')).toMatch(/root config\.json .* replaced by 0_Transformer\/config\.json/);
  });
});
