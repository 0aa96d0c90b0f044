// `sbert index` and `sbert search --db` as child processes on the tiny BERT fixture and a real
// LanceDB folder: the store's hits equal semanticSearch over `sbert encode`'s vectors, a run
// killed mid-way resumes without duplicates, and a different model is refused.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNpyFloat32 } from '../../src/cli/npy.js';
import { EmbeddingStore, storeAvailable, textSha256 } from '../../src/store/index.js';
import { semanticSearch } from '../../src/util/semantic_search.js';
import { tinyModelDir } from '../helpers/goldens.js';
import { sbertFails, sbertOk, sbertSpawn } from '../cli/run_cli.js';

const LANCE = await storeAvailable();
if (!LANCE) console.warn('test/store: skipped, the optional package @lancedb/lancedb is not installed');

const tmp = mkdtempSync(join(tmpdir(), 'sbert-index-'));
const env = { SBERT_TFJS_CACHE: join(tmp, 'cache') };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TINY = tinyModelDir('tiny-bert');

/** `count` short sentences from a few word lists (deterministic), every 10th a repeat of an earlier one. */
function sentences(count: number): string[] {
  const who = ['A man', 'A woman', 'The child', 'An old dog', 'Two cats', 'The chef', 'A pilot'];
  const what = ['is playing a flute', 'slices an onion', 'rides a horse', 'reads the news', 'sleeps on the sofa', 'paints a wall'];
  const where = ['in the park', 'at home', 'on a boat', 'near the station', 'under the bridge'];
  return Array.from({ length: count }, (_, i) => (i % 10 === 9
    ? `${who[(i - 9) % 7]} ${what[Math.floor((i - 9) / 7) % 6]} ${where[Math.floor((i - 9) / 42) % 5]}, take ${Math.floor((i - 9) / 210)}.`
    : `${who[i % 7]} ${what[Math.floor(i / 7) % 6]} ${where[Math.floor(i / 42) % 5]}, take ${Math.floor(i / 210)}.`));
}

/** The first occurrence of each text with its line number: what the store keeps of a .txt corpus. */
function firstOccurrences(lines: readonly string[]): { id: string; text: string }[] {
  const seen = new Set<string>();
  const out: { id: string; text: string }[] = [];
  lines.forEach((text, i) => {
    if (!seen.has(text)) out.push({ id: String(i), text });
    seen.add(text);
  });
  return out;
}

interface IndexSummary { rows: number; added: number; already_indexed: number; duplicates: number; ann_index: string | null }
const summary = (stdout: string): IndexSummary => JSON.parse(stdout.trim().split('\n').at(-1)!) as IndexSummary;

describe.skipIf(!LANCE)('sbert index / sbert search --db', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('search --db: top-k ids and scores equal semanticSearch over `sbert encode` vectors; --json, --queries, the store\'s model by default', async () => {
    const lines = sentences(400);
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(corpus, `${lines.join('\n')}\n`);
    const db = join(tmp, 'db-search');
    const r = summary((await sbertOk(['index', '--model', TINY, '--corpus', corpus, '--db', db, '--commit-every', '128'], { env })).stdout);
    const unique = firstOccurrences(lines);
    expect(r).toMatchObject({ rows: unique.length, added: unique.length, duplicates: lines.length - unique.length, ann_index: null });

    const uniqueFile = join(tmp, 'unique.txt');
    writeFileSync(uniqueFile, `${unique.map((u) => u.text).join('\n')}\n`);
    const npy = join(tmp, 'unique.npy');
    await sbertOk(['encode', '--model', TINY, '--input', uniqueFile, '--format', 'npy', '--output', npy], { env });
    const { shape, data } = decodeNpyFloat32(new Uint8Array(readFileSync(npy)), npy);
    const corpusEmb = Array.from({ length: shape[0] }, (_, i) => data.subarray(i * shape[1], (i + 1) * shape[1]));

    const queries = [lines[3]!, 'A dog sleeps in the park.', 'Someone cooks onions on a boat.'];
    const qFile = join(tmp, 'queries.txt');
    writeFileSync(qFile, `${queries.join('\n')}\n`);
    const qNpy = join(tmp, 'queries.npy');
    await sbertOk(['encode', '--model', TINY, '--input', qFile, '--format', 'npy', '--output', qNpy], { env });
    const q = decodeNpyFloat32(new Uint8Array(readFileSync(qNpy)), qNpy);
    const queryEmb = Array.from({ length: q.shape[0] }, (_, i) => q.data.subarray(i * q.shape[1], (i + 1) * q.shape[1]));
    const truth = semanticSearch(queryEmb, corpusEmb, { topK: 10 });

    const out = (await sbertOk(['search', '--db', db, '--queries', qFile, '--top-k', '10', '--json'], { env })).stdout; // no --model: the store's
    const got = out.trim().split('\n').map((l) => JSON.parse(l) as { query: string; hits: { id: string; score: number; text: string }[] });
    expect(got.map((g) => g.query)).toEqual(queries);
    got.forEach((g, i) => {
      expect(g.hits.map((h) => h.id)).toEqual(truth[i]!.map((h) => unique[h.corpus_id]!.id));
      expect(g.hits.map((h) => h.text)).toEqual(truth[i]!.map((h) => unique[h.corpus_id]!.text));
      g.hits.forEach((h, k) => expect(Math.abs(h.score - truth[i]![k]!.score)).toBeLessThan(1e-6));
    });
    expect(got[0]!.hits[0]).toMatchObject({ id: '3', text: lines[3] });

    // The text format, and --ann once the index exists.
    const text = (await sbertOk(['search', '--db', db, '--query', queries[1]!, '--top-k', '2'], { env })).stdout;
    expect(text.split('\n')[1]).toBe(`   1. ${truth[1]![0]!.score.toFixed(4)}  [${unique[truth[1]![0]!.corpus_id]!.id}] ${unique[truth[1]![0]!.corpus_id]!.text}`);
    expect(await sbertFails(['search', '--db', db, '--query', 'x', '--ann'], { env })).toContain('has no ANN index');
    expect(summary((await sbertOk(['index', '--db', db, '--ann', '--ann-kind', 'hnsw_sq', '--ann-partitions', '2'], { env })).stdout).ann_index).toMatch(/HNSW/i);
    const ann = JSON.parse((await sbertOk(['search', '--db', db, '--query', lines[3]!, '--top-k', '5', '--ann', '--json'], { env })).stdout) as { hits: { id: string }[] };
    expect(ann.hits).toHaveLength(5);
    expect(ann.hits[0]!.id).toBe('3');
    expect((await sbertOk(['index', '--help'])).stdout).toMatch(/^Usage: sbert index --corpus FILE --db DIR/);
  }, 300_000);

  it('builds the ANN index past --ann-threshold; refuses a query model, dimension or precision other than the store\'s', async () => {
    const corpus = join(tmp, 'small.txt');
    writeFileSync(corpus, 'A man is playing a flute.\nA woman is slicing an onion.\n');
    const db = join(tmp, 'db-refuse');
    // Past --ann-threshold rows, index builds the ANN index by itself.
    expect(summary((await sbertOk(['index', '--model', TINY, '--corpus', corpus, '--db', db, '--normalize', '--ann-threshold', '2'], { env })).stdout).ann_index).toMatch(/HNSW/i);
    const other = tinyModelDir('tiny-distilbert');
    expect(await sbertFails(['search', '--db', db, '--model', other, '--query', 'x'], { env })).toContain(`asked for model "${other}" (the store's: "${TINY}")`);
    expect(await sbertFails(['index', '--db', db, '--model', other, '--corpus', corpus], { env })).toContain(`asked for model "${other}"`);
    expect(await sbertFails(['search', '--db', db, '--truncate-dim', '8', '--query', 'x'], { env })).toContain('asked for dimension 8 (the store\'s: 32)');
    expect(await sbertFails(['search', '--db', db, '--precision', 'int8', '--query', 'x'], { env })).toContain('argument "--precision" a store holds float32 vectors');
    const store = await EmbeddingStore.open(db);
    expect(store.info).toEqual({ model: TINY, dimension: 32, normalized: true, prompt: null, metric: 'cosine' });
    store.close();
  }, 120_000);

  it('a run killed mid-way resumes: the rerun embeds only what is missing and stores every text once', async () => {
    const lines = sentences(3000);
    const corpus = join(tmp, 'big.txt');
    writeFileSync(corpus, `${lines.join('\n')}\n`);
    const unique = firstOccurrences(lines);
    const db = join(tmp, 'db-resume');
    const args = ['index', '--model', TINY, '--corpus', corpus, '--db', db, '--commit-every', '100', '--batch-size', '50'];
    // Killed (SIGKILL: no clean-up) as soon as the first commit is reported.
    const killed = await sbertSpawn(args, {
      env,
      onStderr: (child, chunk) => {
        const m = /^index (\d+)\/(\d+)/m.exec(chunk);
        if (m !== null && Number(m[1]) > 0 && Number(m[1]) < Number(m[2])) child.kill('SIGKILL');
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const partial = await EmbeddingStore.open(db);
    const before = await partial.count();
    partial.close();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(unique.length);

    const resumed = summary((await sbertOk(args, { env })).stdout);
    expect(resumed).toMatchObject({ already_indexed: before, added: unique.length - before, rows: unique.length, duplicates: lines.length - unique.length });
    const store = await EmbeddingStore.open(db);
    const keys = await store.keys();
    expect(await store.count()).toBe(unique.length); // no row twice
    expect([...keys.keys()].sort()).toEqual(unique.map((u) => u.id).sort());
    for (const u of unique) expect(keys.get(u.id)).toBe(textSha256(u.text));
    store.close();
    const again = summary((await sbertOk(args, { env })).stdout);
    expect(again).toMatchObject({ added: 0, already_indexed: unique.length, rows: unique.length });
  }, 300_000);
});
