// Loading uploads each weight the model keeps exactly once and nothing else (io/host_weight.ts):
// no whole checkpoint in memory when the source reads byte ranges, no [out, in] Linear copies
// transposed on the backend (each would leave a hole in the wasm heap, which never shrinks), no
// uploads of weights the model does not take (BERT's pooler, position_ids buffers).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '../../src/checkpoint/index.js';
import { convertModel } from '../../src/convert/convert.js';
import { readModelFolder } from '../../converters/node.js';
import { memorySource, type FileSource, type RangeReader } from '../../src/io/file_source.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { namedParameters } from '../../src/nn/parameters.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { tinyModelDir, type TinyModelName } from '../helpers/goldens.js';

const MODELS = ['tiny-bert', 'tiny-bert-dense', 'tiny-roberta', 'tiny-distilbert', 'tiny-xlmr', 'tiny-mpnet'] as const;
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `base` that records which files were read whole and which byte ranges were read. */
function recording(base: FileSource): { source: FileSource; whole: string[]; ranges: Array<{ path: string; start: number; length: number }> } {
  const whole: string[] = [];
  const ranges: Array<{ path: string; start: number; length: number }> = [];
  const r = base.ranges!;
  const rangeReader: RangeReader = {
    size: (p) => r.size(p),
    read: (p, start, into) => {
      ranges.push({ path: p, start, length: into.byteLength });
      r.read(p, start, into);
    },
  };
  const source: FileSource = {
    root: base.root,
    readBytes: (p) => { whole.push(p); return base.readBytes(p); },
    exists: (p) => base.exists(p),
    ranges: rangeReader,
  };
  return { source, whole, ranges };
}

/** Every tensor the pipeline's modules hold (encoder parameters, Dense weights). */
function heldTensors(m: SentenceTransformer): tf.Tensor[] {
  const out = namedParameters(m.transformer.encoder).map(([, t]) => t);
  for (const mod of m.modules.slice(1)) out.push(...namedParameters(mod).map(([, t]) => t));
  return out;
}

/** Loads through `source` and counts the tensors created meanwhile (tensor ids are sequential). */
async function loadCounting(source: FileSource): Promise<{ model: SentenceTransformer; created: number; newBytes: number; kernels: string[] }> {
  const mark = () => { const t = tf.scalar(0); t.dispose(); return t.id; };
  const before = mark();
  let model: SentenceTransformer | undefined;
  const info = await tf.profile(async () => { model = await SentenceTransformer.fromSource(source); return []; });
  const created = mark() - before - 1;
  return { model: model!, created, newBytes: info.newBytes, kernels: info.kernels.map((k) => k.name) };
}

/** The converted (tf.js manifest) folder of a tiny model, written to a temporary folder. */
function convertedDir(name: TinyModelName): string {
  const out = convertModel(readModelFolder(tinyModelDir(name)), name, { dtype: 'float32' }).files;
  const dir = mkdtempSync(join(tmpdir(), `sbert-${name}-`));
  temps.push(dir);
  for (const [p, bytes] of out) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), bytes);
  }
  return dir;
}

/** Every file under `dir` held in memory (a source without range reads, as over HTTP). */
function memoryCopy(dir: string): FileSource {
  const files = new Map<string, Uint8Array>();
  for (const p of readdirSync(dir, { recursive: true }) as string[]) {
    if (statSync(join(dir, p)).isFile()) files.set(p.split(sep).join('/'), new Uint8Array(readFileSync(join(dir, p))));
  }
  return memorySource(dir, files);
}

describe.each(['cpu', 'wasm'])('loading on %s', (backend) => {
  describe.each(MODELS)('%s', (name) => {
    const sources: Array<[string, () => FileSource]> = [
      ['safetensors, range reads', () => nodeSource(tinyModelDir(name))],
      ['safetensors, read whole', () => memoryCopy(tinyModelDir(name))],
      ['tf.js manifest, range reads', () => nodeSource(convertedDir(name))],
      ['tf.js manifest, read whole', () => memoryCopy(convertedDir(name))],
    ];
    it.each(sources)('%s: every held tensor uploaded once, nothing else created, no backend kernels', async (_, make) => {
      await tf.setBackend(backend);
      const source = make();
      const start = tf.memory();
      const { model, created, newBytes, kernels } = await loadCounting(source);
      const held = heldTensors(model);
      expect(kernels).toEqual([]); // no tf.transpose (or anything else) on the backend
      expect(created).toBe(held.length); // no transient copies, no unused weights uploaded
      expect(tf.memory().numTensors - start.numTensors).toBe(held.length);
      expect(newBytes).toBe(held.reduce((s, t) => s + t.size * 4, 0));
      model.dispose();
      expect(tf.memory().numTensors).toBe(start.numTensors);
    });
  });
});

describe('range reads', () => {
  it('a safetensors checkpoint: the header, then exactly the bytes of the tensors the model keeps, once each', async () => {
    await tf.setBackend('cpu');
    const dir = tinyModelDir('tiny-bert');
    const { source, whole, ranges } = recording(nodeSource(dir));
    const model = await SentenceTransformer.fromSource(source);
    expect(whole).not.toContain('model.safetensors');
    const file = readFileSync(join(dir, 'model.safetensors'));
    const header = readSafetensorsHeader(new Uint8Array(file), 'model.safetensors');
    const base = 8 + header.headerLength;
    const reads = ranges.filter((r) => r.path === 'model.safetensors' && r.start >= base);
    const names = reads.map((r) => header.entries.find((e) => base + e.dataOffsets[0] === r.start && e.dataOffsets[1] - e.dataOffsets[0] === r.length)?.name);
    expect(names.every((n) => n !== undefined)).toBe(true);
    expect([...names].sort()).toEqual(namedParameters(model.transformer.encoder).map(([n]) => n).sort());
    expect(names.some((n) => n!.startsWith('pooler.'))).toBe(false);
    const total = ranges.filter((r) => r.path === 'model.safetensors').reduce((s, r) => s + r.length, 0);
    expect(total).toBeLessThan(statSync(join(dir, 'model.safetensors')).size);
    model.dispose();
  });

  it('a tf.js manifest: shards are never read whole', async () => {
    await tf.setBackend('cpu');
    const { source, whole, ranges } = recording(nodeSource(convertedDir('tiny-bert')));
    const model = await SentenceTransformer.fromSource(source);
    expect(whole.filter((p) => p.endsWith('.bin'))).toEqual([]);
    expect(ranges.length).toBeGreaterThan(0);
    model.dispose();
  });

  it('nodeSource names the file when a range runs past its end', () => {
    const dir = tinyModelDir('tiny-bert');
    const size = statSync(join(dir, 'config.json')).size;
    expect(() => nodeSource(dir).ranges!.read('config.json', size - 2, new Uint8Array(4))).toThrow(/config\.json: ends before byte/);
    expect(() => nodeSource(dir).ranges!.size('nope.bin')).toThrow(/nope\.bin: does not exist/);
  });
});
