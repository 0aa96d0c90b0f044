// The converter on the reference's tiny models (test/fixtures/models, written by
// SentenceTransformer.save): every converted tensor equals the checkpoint's bit for bit (float32)
// or is its nearest float16 (--dtype float16); config, tokenizer and module files come along.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertModel } from '../../converters/convert.js';
import { readModelFolder } from '../../converters/node.js';
import { float16ToFloat32, readSafetensors, toFloat32 } from '../../converters/checkpoint/index.js';
import { float32ToFloat16Bits } from '../../converters/manifest.js';
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
