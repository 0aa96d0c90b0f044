// EmbeddingStore and indexCorpus as a library, on a real LanceDB database in a temp folder: exact
// search equals semanticSearch in memory, the recorded model settings survive reopening and a
// different model is refused, indexCorpus skips, de-duplicates and replaces by id and text.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeSource, SentenceTransformer } from '../../src/index.node.js';
import { EmbeddingStore, indexCorpus, readCorpus, storeAvailable, type StoreInfo } from '../../src/store/index.js';
import { semanticSearch } from '../../src/util/semantic_search.js';
import { tinyModelDir } from '../helpers/goldens.js';

const LANCE = await storeAvailable();
if (!LANCE) console.warn('test/store: skipped, the optional package @lancedb/lancedb is not installed');

const tmp = mkdtempSync(join(tmpdir(), 'sbert-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(tmp, `db${n++}`);

/** Deterministic vectors with structure (a shared direction plus per-row noise), seeded LCG. */
function vectors(count: number, dim: number, seed: number): Float32Array[] {
  let s = seed;
  const u = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const common = Float32Array.from({ length: dim }, u);
  return Array.from({ length: count }, () => Float32Array.from(common, (c) => 0.5 * c + u()));
}
const info = (dimension: number, extra: Partial<StoreInfo> = {}): StoreInfo => ({ model: 'm', dimension, normalized: false, prompt: null, metric: 'cosine', ...extra });

describe.skipIf(!LANCE)('EmbeddingStore', () => {
  it('exact search: the ids and scores of semanticSearch in memory (scores within 1e-6)', async () => {
    await tf.setBackend('cpu');
    const corpus = vectors(600, 48, 7);
    const queries = vectors(25, 48, 99);
    const store = await EmbeddingStore.openOrCreate(freshDir(), info(48));
    await store.add(corpus.slice(0, 300).map((v, i) => ({ id: String(i), text: `t${i}`, vector: v })));
    await store.add(corpus.slice(300).map((v, i) => ({ id: String(300 + i), text: `t${300 + i}`, vector: v })));
    expect(await store.count()).toBe(600);
    const got = await store.search(queries, { topK: 10 });
    const truth = semanticSearch(queries, corpus, { topK: 10 });
    got.forEach((hits, q) => {
      expect(hits.map((h) => h.id)).toEqual(truth[q]!.map((h) => String(h.corpus_id)));
      expect(hits.map((h) => h.text)).toEqual(truth[q]!.map((h) => `t${h.corpus_id}`));
      hits.forEach((h, r) => expect(Math.abs(h.score - truth[q]![r]!.score)).toBeLessThan(1e-6));
    });
    store.close();
  });

  it('records model, dimension, normalization and prompt in the table; reopening reads them; another model is refused', async () => {
    const dir = freshDir();
    const made = await EmbeddingStore.openOrCreate(dir, info(8, { model: 'all-MiniLM-L6-v2', normalized: true, prompt: 'passage: ' }));
    made.close();
    const store = await EmbeddingStore.open(dir);
    expect(store.info).toEqual({ model: 'all-MiniLM-L6-v2', dimension: 8, normalized: true, prompt: 'passage: ', metric: 'cosine' });
    expect(() => store.assertCompatible({ model: 'all-mpnet-base-v2' })).toThrow(/asked for model "all-mpnet-base-v2" \(the store's: "all-MiniLM-L6-v2"\)/);
    expect(() => store.assertCompatible({ dimension: 768 })).toThrow(/dimension 768 \(the store's: 8\)/);
    store.close();
    await expect(EmbeddingStore.openOrCreate(dir, info(8, { model: 'all-MiniLM-L6-v2', normalized: false, prompt: 'passage: ' }))).rejects.toThrow(/normalized false \(the store's: true\)/);
    await expect(EmbeddingStore.open(join(tmp, 'nothing-here'))).rejects.toThrow(/has no table "embeddings"/);
    const s2 = await EmbeddingStore.open(dir);
    await expect(s2.search([new Float32Array(3)])).rejects.toThrow(/query 0 has 3 dimensions, the store holds 8/);
    await expect(s2.search([new Float32Array(8)], { ann: true })).rejects.toThrow(/has no ANN index/);
    s2.close();
  });

  it('an IVF-HNSW-SQ index answers --ann searches; most of its top-10 are the exact top-10', async () => {
    const corpus = vectors(3000, 32, 3);
    const queries = vectors(20, 32, 4);
    const store = await EmbeddingStore.openOrCreate(freshDir(), info(32));
    await store.add(corpus.map((v, i) => ({ id: String(i), text: '', vector: v })));
    await store.createAnnIndex({ kind: 'hnsw_sq', numPartitions: 4 });
    expect((await store.annIndex())?.indexType).toMatch(/HNSW/i);
    const exact = await store.search(queries, { topK: 10 });
    const ann = await store.search(queries, { topK: 10, ann: true, nprobes: 4, refineFactor: 5 });
    let found = 0;
    ann.forEach((hits, q) => {
      expect(hits).toHaveLength(10);
      const want = new Set(exact[q]!.map((h) => h.id));
      found += hits.filter((h) => want.has(h.id)).length;
    });
    expect(found / 200).toBeGreaterThan(0.9); // the 100k-vector recall is bench/store_ann.ts's job
    store.close();
  });
});

describe.skipIf(!LANCE)('indexCorpus', () => {
  let model: SentenceTransformer;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = (await SentenceTransformer.fromSource(nodeSource(tinyModelDir('tiny-bert')))) as SentenceTransformer;
  });
  afterAll(() => model?.dispose());

  it('stores each new text once, skips ids already stored, replaces an id whose text changed', async () => {
    const store = await EmbeddingStore.openOrCreate(freshDir(), info(model.embeddingDimension, { model: 'tiny-bert' }));
    const first = await indexCorpus(store, model, [
      { id: 'a', text: 'A man is playing a flute.' },
      { id: 'b', text: 'A woman is slicing an onion.' },
      { id: 'c', text: 'A man is playing a flute.' }, // same text as "a": a duplicate
      { id: 'a', text: 'A man is playing a flute.' }, // the same entry twice
    ], { commitEvery: 1 });
    expect(first).toEqual({ entries: 4, added: 2, replaced: 0, alreadyIndexed: 0, duplicates: 2, rows: 2 });
    const second = await indexCorpus(store, model, [
      { id: 'a', text: 'A man is playing a flute.' },
      { id: 'b', text: 'A cat sleeps on the sofa.' },
      { id: 'd', text: 'The sky is blue.' },
    ]);
    expect(second).toEqual({ entries: 3, added: 1, replaced: 1, alreadyIndexed: 1, duplicates: 0, rows: 3 });
    const keys = await store.keys();
    expect([...keys.keys()].sort()).toEqual(['a', 'b', 'd']);
    // The stored vector of "b" is the new text's embedding: it is its own best hit, at cosine 1.
    const [emb] = (await model.encode(['A cat sleeps on the sofa.'])) as Float32Array[];
    const [hits] = await store.search([emb!], { topK: 1 });
    expect(hits![0]!.id).toBe('b');
    expect(hits![0]!.score).toBeCloseTo(1, 6);
    await expect(indexCorpus(store, model, [{ id: 'x', text: 'one' }, { id: 'x', text: 'two' }])).rejects.toThrow(/id "x" appears twice with different texts/);
    store.close();
  });

  it('readCorpus: .txt ids are 0-based line numbers (empty lines skipped); .jsonl takes {"id", "text"} or strings; errors name file and line', async () => {
    const txt = join(tmp, 'c.txt');
    writeFileSync(txt, 'first\n\nthird\n');
    expect(await readCorpus(txt)).toEqual([{ id: '0', text: 'first' }, { id: '2', text: 'third' }]);
    const jsonl = join(tmp, 'c.jsonl');
    writeFileSync(jsonl, '{"id": "doc-1", "text": "one"}\n"two"\n{"id": 7, "text": "three"}\n');
    expect(await readCorpus(jsonl)).toEqual([{ id: 'doc-1', text: 'one' }, { id: '1', text: 'two' }, { id: '7', text: 'three' }]);
    writeFileSync(jsonl, '{"id": "doc-1", "text": "one"}\n{"id": [1], "text": "x"}\n');
    await expect(readCorpus(jsonl)).rejects.toThrow(`argument "--corpus" ${jsonl}:2: "id" must be a string or a number, got [1]`);
    await expect(readCorpus(join(tmp, 'missing.txt'))).rejects.toThrow(/argument "--corpus" cannot read .*missing\.txt: ENOENT/);
  });
});
