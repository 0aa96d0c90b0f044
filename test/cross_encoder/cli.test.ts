// sbert predict / rerank, run as a user runs them (a child process), on the tiny cross-encoders:
// scores equal the reference goldens, rerank gives the reference's rank order, and the
// retrieve-and-rerank path (--bi-encoder) reranks only what the bi-encoder retrieved.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tinyModelDir } from '../helpers/goldens.js';
import { crossEncoderDir, crossEncoderGoldens } from './goldens.js';

const run = promisify(execFile);
const CPU_ATOL = 1e-5;
const tmp = mkdtempSync(join(tmpdir(), 'sbert-ce-cli-'));
const env = { ...process.env, SBERT_TFJS_CACHE: join(tmp, 'cache') };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function sbert(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: REPO_ROOT, env, maxBuffer: 1 << 26 });
}

const g = crossEncoderGoldens();
const pairs = g.meta.pairs.slice(0, 24);
const { query, documents } = g.meta.rank;

describe('sbert predict', () => {
  it.each([['tiny-ce-bert-1', 1], ['tiny-ce-roberta-3', 3]] as const)('%s: one JSON line per pair, arrays and sentence1/sentence2 objects', async (name, labels) => {
    const file = join(tmp, `${name}.jsonl`);
    writeFileSync(file, pairs.map((p, i) => JSON.stringify(i % 2 === 0 ? p : { sentence1: p[0], sentence2: p[1] })).join('\n') + '\n\n');
    const { stdout } = await sbert('predict', '--model', crossEncoderDir(name), '--backend', 'cpu', '--batch-size', '5', '--pairs', file);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; score?: number; scores?: number[] });
    expect(lines.map((l) => l.index)).toEqual(pairs.map((_, i) => i));
    const want = g.tensor(`${name}.scores`).data;
    lines.forEach((l, i) => {
      const got = labels === 1 ? [l.score!] : l.scores!;
      expect(labels === 1 ? l.scores : l.score).toBeUndefined();
      got.forEach((v, j) => expect(Math.abs(v - want[i * labels + j]!)).toBeLessThan(CPU_ATOL));
    });
  }, 120_000);

  it('a malformed line names the file and line', async () => {
    const file = join(tmp, 'bad.jsonl');
    writeFileSync(file, '["a", "b"]\n{"sentence1": "a"}\n');
    await expect(sbert('predict', '--model', crossEncoderDir('tiny-ce-bert-1'), '--pairs', file)).rejects.toThrow(/bad\.jsonl:2 must be/);
  }, 120_000);
});

describe('sbert rerank', () => {
  const docsFile = join(tmp, 'docs.txt');
  writeFileSync(docsFile, documents.join('\n') + '\n');
  const want = g.meta.models['tiny-ce-bert-1'].rank!;

  it('prints the reference rank order, top-k', async () => {
    const { stdout } = await sbert('rerank', '--model', crossEncoderDir('tiny-ce-bert-1'), '--backend', 'cpu', '--query', query, '--input', docsFile, '--top-k', '6', '--json');
    const hits = stdout.trim().split('\n').map((l) => JSON.parse(l) as { rank: number; corpus_id: number; text: string });
    expect(hits.map((h) => h.corpus_id)).toEqual(want.slice(0, 6));
    expect(hits.map((h) => h.text)).toEqual(want.slice(0, 6).map((i) => documents[i]));
  }, 120_000);

  it('--bi-encoder: retrieve, then rerank only the retrieved documents', async () => {
    const all = await sbert('rerank', '--model', crossEncoderDir('tiny-ce-bert-1'), '--bi-encoder', tinyModelDir('tiny-bert'), '--backend', 'cpu',
      '--query', query, '--input', docsFile, '--retrieve-top-k', String(documents.length), '--top-k', '5', '--json');
    const allHits = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as { corpus_id: number; retrieval_score: number });
    // Every document retrieved: the cross-encoder's order, as without a bi-encoder.
    expect(allHits.map((h) => h.corpus_id)).toEqual(want.slice(0, 5));
    for (const h of allHits) expect(h.retrieval_score).toBeTypeOf('number');
    const few = await sbert('rerank', '--model', crossEncoderDir('tiny-ce-bert-1'), '--bi-encoder', tinyModelDir('tiny-bert'), '--backend', 'cpu',
      '--query', query, '--input', docsFile, '--retrieve-top-k', '4', '--json');
    const fewIds = few.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { corpus_id: number }).corpus_id);
    expect(fewIds).toHaveLength(4);
    // The four retrieved documents, in the cross-encoder's order.
    expect(fewIds).toEqual(want.filter((i) => fewIds.includes(i)));
  }, 180_000);
});
