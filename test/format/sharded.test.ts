// Sharded checkpoints (an *.index.json naming the shard of every tensor, the shards beside it),
// written by transformers (test/reference/fixture_sharded.py): the same tiny-bert loads from the
// folder, from the loopback hub (cached by the Node resolver, and in memory) and through the
// converter, and every path gives the unsharded model's embeddings, which are the reference's.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertPath } from '../../converters/node.js';
import { CheckpointError } from '../../src/errors.js';
import { parseJson } from '../../src/format/json.js';
import { parseShardIndex } from '../../src/format/shard_index.js';
import { resolveInMemory } from '../../src/hub/index.js';
import { resolveModelDir } from '../../src/hub/node_resolve.js';
import { memorySource, type FileSource } from '../../src/io/file_source.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { FIXTURES_DIR, loadGoldens, tinyModelDir } from '../helpers/goldens.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { startHubServer, type HubServer } from '../hub/hub_server.js';

const FORMS = [
  { form: 'safetensors', index: 'model.safetensors.index.json' },
  { form: 'bin', index: 'pytorch_model.bin.index.json' },
] as const;
const shardedDir = (form: string): string => join(FIXTURES_DIR, 'sharded', `tiny-bert-${form}`);
const shardsOf = (form: string, index: string): string[] =>
  parseShardIndex(parseJson(readFileSync(join(shardedDir(form), index)), index), index);

const g = loadGoldens('tiny-bert');
let unsharded: Float32Array[];
let hub: HubServer;
const temps: string[] = [];
const temp = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

async function embed(source: FileSource | Promise<FileSource>): Promise<Float32Array[]> {
  const model = await SentenceTransformer.fromSource(await source);
  try {
    return await model.encode(g.meta.sentences);
  } finally {
    model.dispose();
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  unsharded = await embed(nodeSource(tinyModelDir('tiny-bert')));
  // The unsharded model is the reference's (goldens from sentence-transformers).
  const want = g.tensor('sentence_embedding');
  const D = want.shape[1]!;
  unsharded.forEach((v, i) => expect(maxAbsDiff(v, want.data.subarray(i * D, (i + 1) * D))).toBeLessThan(CPU_ATOL));
  hub = await startHubServer(Object.fromEntries(FORMS.map(({ form }) => [`sbert-test/tiny-bert-${form}`, shardedDir(form)])));
});
afterAll(async () => {
  await hub.close();
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe.each(FORMS)('tiny-bert sharded ($index)', ({ form, index }) => {
  const dir = shardedDir(form);

  it('the fixture is sharded: an index, several shards, no single-file checkpoint', () => {
    const files = readdirSync(dir);
    expect(files).toContain(index);
    expect(files).not.toContain('model.safetensors');
    expect(files).not.toContain('pytorch_model.bin');
    expect(shardsOf(form, index).length).toBeGreaterThan(1);
  });

  it('loads from the folder (ranged reads) and from memory with the unsharded model\'s embeddings', async () => {
    expect(await embed(nodeSource(dir))).toEqual(unsharded);
    const files = new Map(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length + 1), new Uint8Array(readFileSync(path))] as const;
      }));
    expect(await embed(memorySource('mem', files))).toEqual(unsharded);
  });

  it('a shard the index names but the folder lacks: CheckpointError naming the index and the shard', async () => {
    const missing = shardsOf(form, index)[1]!;
    const base = nodeSource(dir);
    const without: FileSource = { root: base.root, readBytes: (p) => base.readBytes(p), exists: async (p) => p !== missing && base.exists(p) };
    const before = tf.memory().numTensors;
    const p = SentenceTransformer.fromSource(without);
    await expect(p).rejects.toBeInstanceOf(CheckpointError);
    await expect(p).rejects.toThrow(`${dir}/${index}: shard "${missing}" is missing from the folder`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('converts: model.json from every shard, loading to the same embeddings', async () => {
    const out = join(temp('sbert-sharded-'), 'out');
    const result = convertPath(dir, out);
    expect(result.weights[0]!.sources).toEqual(shardsOf(form, index));
    const files = readdirSync(out);
    expect(files).toContain('model.json');
    expect(files.some((f) => f.endsWith('.index.json') || f.endsWith('.safetensors') || /^pytorch_model/.test(f))).toBe(false);
    expect(await embed(nodeSource(out))).toEqual(unsharded);
  });

  it('downloads from the hub (index and every shard), converts into the cache, same embeddings', async () => {
    hub.requests.length = 0;
    const cacheDir = temp('sbert-sharded-cache-');
    const repo = `sbert-test/tiny-bert-${form}`;
    const cached = await resolveModelDir(repo, { endpoint: hub.endpoint, cacheDir });
    for (const f of [index, ...shardsOf(form, index)]) expect(hub.requests).toContain(`/${repo}/resolve/main/${f}`);
    expect(existsSync(join(cached, 'model.json'))).toBe(true);
    expect(await embed(nodeSource(cached))).toEqual(unsharded);
    // Without a file system: downloaded and converted in memory.
    expect(await embed(resolveInMemory(repo, { endpoint: hub.endpoint }))).toEqual(unsharded);
  });
});
