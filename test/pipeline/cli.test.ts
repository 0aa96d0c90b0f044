// The sbert encode / similarity / search commands, run as a user runs them (a child process),
// on a tiny fixture model: outputs equal the reference goldens.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGoldens, REPO_ROOT, tinyModelDir } from '../helpers/goldens.js';
import { CPU_ATOL, WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'sbert-cli-'));
const env = { ...process.env, SBERT_TFJS_CACHE: join(tmp, 'cache') };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function sbert(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: REPO_ROOT, env, maxBuffer: 1 << 26 });
}

const g = loadGoldens('tiny-bert');
const want = g.tensor('sentence_embedding');
const D = want.shape[1]!;
const row = (i: number): Float32Array => (want.data as Float32Array).subarray(i * D, (i + 1) * D);

describe('sbert CLI', () => {
  it.each([['cpu', CPU_ATOL], ['wasm', WASM_ATOL]] as const)('encode --input .jsonl + TEXT on %s equals the goldens', async (backend, atol) => {
    const file = join(tmp, 'in.jsonl');
    writeFileSync(file, g.meta.sentences.slice(0, 5).map((s) => JSON.stringify(s)).join('\n') + '\n');
    const { stdout } = await sbert('encode', '--model', tinyModelDir('tiny-bert'), '--backend', backend, '--batch-size', '2', '--input', file, g.meta.sentences[5]!);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; embedding: number[] });
    expect(lines.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5]);
    lines.forEach((l) => expect(maxAbsDiff(l.embedding, row(l.index))).toBeLessThan(atol));
  }, 120_000);

  it('encode --input .txt --normalize gives unit vectors', async () => {
    const file = join(tmp, 'in.txt');
    writeFileSync(file, 'A man is playing a flute.\nA woman is slicing an onion.\n');
    const { stdout } = await sbert('encode', '--model', tinyModelDir('tiny-bert'), '--normalize', '--input', file);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { embedding: number[] });
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(Math.hypot(...l.embedding)).toBeCloseTo(1, 5);
  }, 120_000);

  it('similarity --json is the cosine matrix; the table prints every pair', async () => {
    const texts = g.meta.sentences.slice(0, 3);
    const { stdout } = await sbert('similarity', '--model', tinyModelDir('tiny-bert'), '--backend', 'cpu', '--json', ...texts);
    const out = JSON.parse(stdout) as { similarity: number[][]; similarity_fn_name: string };
    expect(out.similarity_fn_name).toBe('cosine');
    const cos = (a: Float32Array, b: Float32Array): number => {
      let d = 0, na = 0, nb = 0;
      for (let k = 0; k < D; k++) { d += a[k]! * b[k]!; na += a[k]! ** 2; nb += b[k]! ** 2; }
      return d / Math.sqrt(na * nb);
    };
    out.similarity.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - cos(row(i), row(j)))).toBeLessThan(CPU_ATOL)));
    const table = (await sbert('similarity', '--model', tinyModelDir('tiny-bert'), ...texts)).stdout;
    expect(table.trim().split('\n')).toHaveLength(5);
  }, 120_000);

  it('search --json ranks the corpus like semantic_search', async () => {
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(corpus, g.meta.sentences.join('\n') + '\n');
    const { stdout } = await sbert('search', '--model', tinyModelDir('tiny-bert'), '--backend', 'cpu', '--corpus', corpus, '--query', g.meta.sentences[0]!, '--top-k', '3', '--json');
    const out = JSON.parse(stdout.trim()) as { hits: { corpus_id: number; score: number; text: string }[] };
    expect(out.hits).toHaveLength(3);
    expect(out.hits[0]!.corpus_id).toBe(0);
    expect(out.hits[0]!.score).toBeCloseTo(1, 5);
    expect(out.hits[1]!.score).toBeGreaterThanOrEqual(out.hits[2]!.score);
  }, 120_000);

  it.each([['encode'], ['similarity'], ['search']])('%s --help', async (cmd) => {
    const { stdout } = await sbert(cmd, '--help');
    expect(stdout).toMatch(new RegExp(`^Usage: sbert ${cmd}`));
    expect(stdout).toContain('--model');
  }, 60_000);

  it('a bad option is an error naming it', async () => {
    await expect(sbert('encode', '--nope', 'x')).rejects.toMatchObject({ stderr: expect.stringContaining('--nope') });
  }, 60_000);
});
