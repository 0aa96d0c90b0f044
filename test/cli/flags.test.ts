// The flags of `sbert encode`, `similarity` and `search` (and the CLI-wide ones: --version, the
// default --model, progress on a non-terminal stderr), each run as a child process on the tiny
// BERT fixture. Expected values come from the reference goldens, from numpy reading the .npy
// files, from src/util/quantization.ts and from semanticSearch in memory.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/progress.js';
import { quantizationRanges, quantizeEmbeddings, type Precision } from '../../src/util/quantization.js';
import { semanticSearch } from '../../src/util/semantic_search.js';
import { loadGoldens, REAL_MODEL_DIR, REAL_MODEL_NAME, REPO_ROOT, tinyModelDir } from '../helpers/goldens.js';
import { sbertFails, sbertOk } from './run_cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'sbert-flags-'));
const env = { SBERT_TFJS_CACHE: join(tmp, 'cache') };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');
const CPU_ATOL = 1e-5;

const g = loadGoldens('tiny-bert');
const want = g.tensor('sentence_embedding');
const D = want.shape[1]!;
const golden = (i: number): Float32Array => (want.data as Float32Array).subarray(i * D, (i + 1) * D);
const texts = g.meta.sentences.slice(0, 6);
const MODEL = ['--model', tinyModelDir('tiny-bert'), '--backend', 'cpu'];

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};
const jsonlRows = (s: string): number[][] => s.trim().split('\n').map((l) => (JSON.parse(l) as { embedding: number[] }).embedding);

/** numpy.load(path): {"shape", "dtype", "values"} (values flattened). */
function numpyLoad(path: string): { shape: number[]; dtype: string; values: number[] } {
  const code = 'import json, sys, numpy as np\na = np.load(sys.argv[1])\nprint(json.dumps({"shape": list(a.shape), "dtype": str(a.dtype), "values": a.reshape(-1).tolist()}))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code, path], { encoding: 'utf8' })) as { shape: number[]; dtype: string; values: number[] };
}

/** The float32 rows of a plain `sbert encode` of `texts`, the baseline the flags are checked against. */
let base: Float32Array[];
beforeAll(async () => {
  await tf.setBackend('cpu');
  base = jsonlRows((await sbertOk(['encode', ...MODEL, ...texts], { env })).stdout).map((r) => Float32Array.from(r));
  base.forEach((r, i) => expect(maxAbs(r, golden(i))).toBeLessThan(CPU_ATOL));
}, 120_000);

describe('sbert CLI-wide flags', () => {
  it('--version prints package.json\'s version, before or after a command', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await sbertOk(['--version'])).stdout).toBe(`sbert-tfjs ${pkg.version}\n`);
    expect((await sbertOk(['encode', '--version'])).stdout).toBe(`sbert-tfjs ${pkg.version}\n`);
  }, 60_000);

  it('progress on a non-terminal stderr: "label done/total (pct%)" lines, at most one a second plus the last; --quiet silences', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `sentence number ${i} about ${i % 7} things`);
    const t0 = Date.now();
    const { stderr } = await sbertOk(['encode', ...MODEL, '--batch-size', '1', '--input', '-'], { env, input: many.join('\n') });
    const seconds = (Date.now() - t0) / 1000;
    const lines = stderr.split('\n').filter((l) => l.startsWith('encode '));
    expect(lines.length).toBeGreaterThanOrEqual(2); // the first batch and the final line
    expect(lines.length).toBeLessThan(2 + seconds); // throttled: 150 batches, about one line a second
    for (const l of lines) expect(l).toMatch(/^encode \d+\/150 \(\d+%\)$/);
    expect(lines.at(-1)).toBe('encode 150/150 (100%)');
    const quiet = await sbertOk(['encode', ...MODEL, '--batch-size', '1', '--quiet', ...texts], { env });
    expect(quiet.stderr).not.toContain('encode '); // (the cpu backend's own banner may remain)
  }, 120_000);

  it('progressReporter: lines at most every intervalMs, the final one always, a bar on a terminal', async () => {
    const out: string[] = [];
    const p = progressReporter('job', { tty: false, intervalMs: 50, write: (s) => out.push(s) })!;
    for (let i = 1; i <= 5; i++) p(i, 10); // within 50 ms: only the first prints
    await new Promise((r) => setTimeout(r, 60));
    p(6, 10);
    p(10, 10);
    p(10, 10); // after the final line: nothing more
    expect(out).toEqual(['job 1/10 (10%)\n', 'job 6/10 (60%)\n', 'job 10/10 (100%)\n']);
    const bar: string[] = [];
    progressReporter('job', { tty: true, write: (s) => bar.push(s) })!(10, 10);
    expect(bar).toEqual([`\rjob [${'#'.repeat(30)}] 10/10\n`]);
    expect(progressReporter('job', { quiet: true })).toBeUndefined();
  });

  it.skipIf(!existsSync(REAL_MODEL_DIR))('the default --model is the same for every command: tokenize and eval without --model use it and print its name', async () => {
    const text = 'A man is playing a flute.';
    const explicit = await sbertOk(['tokenize', '--model', REAL_MODEL_DIR, text], { env });
    const dflt = await sbertOk(['tokenize', text], { env });
    expect(dflt.stdout).toBe(explicit.stdout);
    expect((JSON.parse(dflt.stdout) as { tokens: string[] }).tokens).toEqual(['[CLS]', 'a', 'man', 'is', 'playing', 'a', 'flute', '.', '[SEP]']);
    const sts = join(tmp, 'sts.csv');
    writeFileSync(sts, ['main\tx\t2012\t1\t5.0\tA man plays a flute.\tA man is playing a flute.',
      'main\tx\t2012\t2\t0.5\tA cat sleeps.\tThe stock market fell.',
      'main\tx\t2012\t3\t3.0\tA woman cuts an onion.\tA woman is slicing vegetables.'].join('\n') + '\n');
    const ev = await sbertOk(['eval', 'sts', '--data', sts, '--quiet'], { env });
    expect(ev.stdout.split('\n')[0]).toMatch(new RegExp(`^sts on sts\\.csv: 3 pairs, model ${REAL_MODEL_NAME}, `));
  }, 120_000);
});

describe('sbert encode flags', () => {
  it('--format npy --output FILE: numpy.load reads the goldens\' values; nothing but FILE is left behind', async () => {
    const dir = mkdtempSync(join(tmp, 'npy-'));
    const out = join(dir, 'emb.npy');
    const { stdout } = await sbertOk(['encode', ...MODEL, '--format', 'npy', '--output', out, ...texts], { env });
    expect(stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['emb.npy']);
    const a = numpyLoad(out);
    expect(a.shape).toEqual([texts.length, D]);
    expect(a.dtype).toBe('float32');
    texts.forEach((_, i) => {
      expect(a.values.slice(i * D, (i + 1) * D)).toEqual(Array.from(base[i]!));
      expect(maxAbs(a.values.slice(i * D, (i + 1) * D), golden(i))).toBeLessThan(CPU_ATOL);
    });
  }, 60_000);

  it('--format f32 is the raw little-endian float32 matrix; jsonl is the default', async () => {
    const { bytes } = await sbertOk(['encode', ...MODEL, '--format', 'f32', ...texts], { env });
    expect(bytes.length).toBe(texts.length * D * 4);
    const f = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    texts.forEach((_, i) => expect(f.subarray(i * D, (i + 1) * D)).toEqual(base[i]));
  }, 60_000);

  it.each([['int8', 'npy', 'int8'], ['ubinary', 'npy', 'uint8'], ['uint8', 'jsonl', null], ['binary', 'jsonl', null]] as const)(
    '--precision %s (--format %s) equals quantize_embeddings of the float32 rows', async (precision, format, dtype) => {
      const out = join(tmp, `q-${precision}.${format}`);
      await sbertOk(['encode', ...MODEL, '--precision', precision, '--format', format, '--output', out, ...texts], { env });
      const expected = quantizeEmbeddings(base, precision as Precision).map((r) => Array.from(r));
      if (format === 'jsonl') {
        expect(jsonlRows(readFileSync(out, 'utf8'))).toEqual(expected);
      } else {
        const a = numpyLoad(out);
        expect(a.dtype).toBe(dtype);
        expect(a.shape).toEqual([texts.length, expected[0]!.length]);
        expect(a.values).toEqual(expected.flat());
      }
    }, 60_000);

  it('--truncate-dim N keeps the first N dimensions', async () => {
    const rows = jsonlRows((await sbertOk(['encode', ...MODEL, '--truncate-dim', '8', ...texts], { env })).stdout);
    expect(rows.map((r) => r.length)).toEqual(texts.map(() => 8));
    rows.forEach((r, i) => expect(r).toEqual(Array.from(base[i]!.subarray(0, 8))));
  }, 60_000);

  it('--prompt puts the text before each input; --prompt-name takes it from config_sentence_transformers.json', async () => {
    const model = join(tmp, 'tiny-bert-prompts');
    cpSync(tinyModelDir('tiny-bert'), model, { recursive: true });
    const cfgPath = join(model, 'config_sentence_transformers.json');
    const cfg = JSON.parse(readFileSync(cfgPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(cfgPath, JSON.stringify({ ...cfg, prompts: { query: 'query: ', document: '' } }));
    const two = texts.slice(0, 2);
    const m = ['--model', model, '--backend', 'cpu'];
    const byName = jsonlRows((await sbertOk(['encode', ...m, '--prompt-name', 'query', ...two], { env })).stdout);
    const byText = jsonlRows((await sbertOk(['encode', ...m, '--prompt', 'query: ', ...two], { env })).stdout);
    const concatenated = jsonlRows((await sbertOk(['encode', ...m, ...two.map((t) => `query: ${t}`)], { env })).stdout);
    expect(byName).toEqual(byText);
    expect(byText).toEqual(concatenated); // 1_Pooling include_prompt is true: the prompt tokens are pooled too
    expect(maxAbs(byText[0]!, base[0]!)).toBeGreaterThan(1e-3);
    const err = await sbertFails(['encode', ...m, '--prompt-name', 'nope', 'x'], { env });
    expect(err).toContain('"nope" is not one of the model\'s prompts (query, document)');
  }, 120_000);

  it('`-` reads the texts from stdin, as a TEXT and as --input -', async () => {
    const asText = jsonlRows((await sbertOk(['encode', ...MODEL, '-'], { env, input: `${texts.join('\n')}\n` })).stdout);
    expect(asText).toEqual(base.map((r) => Array.from(r)));
    const asInput = (await sbertOk(['similarity', ...MODEL, '--json', '--input', '-'], { env, input: texts.slice(0, 3).join('\n') })).stdout;
    expect((JSON.parse(asInput) as { texts: string[] }).texts).toEqual(texts.slice(0, 3));
  }, 60_000);

  it('bad values name the flag and what was expected; a failed --output write leaves no file', async () => {
    expect(await sbertFails(['encode', ...MODEL, '--precision', 'int4', 'x'])).toContain('argument "--precision" must be one of float32, int8, uint8, binary, ubinary, got "int4"');
    expect(await sbertFails(['encode', ...MODEL, '--format', 'csv', 'x'])).toContain('argument "--format" must be one of jsonl, npy, f32, got "csv"');
    expect(await sbertFails(['encode', ...MODEL, '--format', 'f32', '--precision', 'int8', 'x'])).toContain('f32 holds float32 values; with --precision int8 use --format npy');
    expect(await sbertFails(['encode', ...MODEL, '--truncate-dim', '0', 'x'])).toContain('argument "--truncate-dim" must be a positive integer, got "0"');
    const missing = join(tmp, 'no-such-dir', 'out.npy');
    expect(await sbertFails(['encode', ...MODEL, '--format', 'npy', '--output', missing, 'x'], { env })).toContain(`argument "--output" cannot write ${missing}: ENOENT`);
    expect(existsSync(missing)).toBe(false);
  }, 120_000);
});

describe('sbert similarity flags', () => {
  it('--format npy / --output hold the --json matrix; --precision ubinary scores 1 - 2 * hamming / dims', async () => {
    const three = texts.slice(0, 3);
    const json = JSON.parse((await sbertOk(['similarity', ...MODEL, '--json', ...three], { env })).stdout) as { similarity: number[][] };
    const out = join(tmp, 'sim.npy');
    await sbertOk(['similarity', ...MODEL, '--format', 'npy', '--output', out, ...three], { env });
    const a = numpyLoad(out);
    expect(a.shape).toEqual([3, 3]);
    expect(a.values).toEqual(json.similarity.flat().map(Math.fround));
    const bin = JSON.parse((await sbertOk(['similarity', ...MODEL, '--json', '--precision', 'ubinary', ...three], { env })).stdout) as { similarity: number[][] };
    const bits = quantizeEmbeddings(base.slice(0, 3), 'ubinary') as Uint8Array[];
    const hamming = (x: Uint8Array, y: Uint8Array): number => x.reduce((s, b, k) => s + [...(b ^ y[k]!).toString(2)].filter((c) => c === '1').length, 0);
    bin.similarity.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(1 - (2 * hamming(bits[i]!, bits[j]!)) / D, 6)));
  }, 120_000);
});

describe('--prompt and --truncate-dim in similarity and search', () => {
  it('similarity and search embed like `encode --prompt --truncate-dim` (search: the queries get the prompt, the corpus none)', async () => {
    const three = texts.slice(0, 3);
    const flags = ['--prompt', 'query: ', '--truncate-dim', '8'];
    const rows = jsonlRows((await sbertOk(['encode', ...MODEL, ...flags, ...three], { env })).stdout).map((r) => Float32Array.from(r));
    expect(rows[0]).toHaveLength(8);
    const sim = JSON.parse((await sbertOk(['similarity', ...MODEL, ...flags, '--json', ...three], { env })).stdout) as { similarity: number[][] };
    const cos = (a: Float32Array, b: Float32Array): number => {
      let d = 0, na = 0, nb = 0;
      for (let k = 0; k < a.length; k++) { d += a[k]! * b[k]!; na += a[k]! ** 2; nb += b[k]! ** 2; }
      return d / Math.sqrt(na * nb);
    };
    sim.similarity.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - cos(rows[i]!, rows[j]!))).toBeLessThan(1e-6)));
    const corpus = join(tmp, 'corpus-prompt.txt');
    writeFileSync(corpus, `${texts.join('\n')}\n`);
    const got = JSON.parse((await sbertOk(['search', ...MODEL, ...flags, '--corpus', corpus, '--query', three[0]!, '--top-k', '3', '--json'], { env })).stdout) as { hits: { corpus_id: number; score: number }[] };
    const truth = semanticSearch([rows[0]!], base.map((r) => r.slice(0, 8)), { topK: 3 })[0]!;
    expect(got.hits.map((h) => h.corpus_id)).toEqual(truth.map((h) => h.corpus_id));
    got.hits.forEach((h, r) => expect(Math.abs(h.score - truth[r]!.score)).toBeLessThan(1e-6));
  }, 120_000);
});

describe('sbert search flags', () => {
  it('--corpus: the corpus embeddings are cached (the second call embeds only the queries); hits = semanticSearch in memory', async () => {
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(corpus, `${texts.join('\n')}\n`);
    const queries = join(tmp, 'queries.txt');
    writeFileSync(queries, `${texts[1]}\n${texts[4]}\n`);
    const args = ['search', ...MODEL, '--corpus', corpus, '--queries', queries, '--top-k', '3', '--json'];
    const first = await sbertOk(args, { env });
    expect(first.stderr).not.toContain('from the cache');
    const out = join(tmp, 'hits.jsonl');
    const second = await sbertOk([...args, '--output', out], { env });
    expect(second.stderr).toContain('search: corpus embeddings from the cache');
    expect(readFileSync(out, 'utf8')).toBe(first.stdout);
    const truth = semanticSearch([base[1]!, base[4]!], base, { topK: 3 });
    const got = first.stdout.trim().split('\n').map((l) => JSON.parse(l) as { hits: { corpus_id: number; score: number; text: string }[] });
    got.forEach((q, i) => {
      expect(q.hits.map((h) => h.corpus_id)).toEqual(truth[i]!.map((h) => h.corpus_id));
      q.hits.forEach((h, r) => expect(Math.abs(h.score - truth[i]![r]!.score)).toBeLessThan(1e-6));
      expect(q.hits.map((h) => h.text)).toEqual(truth[i]!.map((h) => texts[h.corpus_id]));
    });
    const noCache = await sbertOk([...args, '--no-cache'], { env });
    expect(noCache.stderr).not.toContain('from the cache');
    expect(noCache.stdout).toBe(first.stdout);
  }, 120_000);

  it('--precision int8 ranks the int8 vectors, queries quantized with the corpus\'s ranges', async () => {
    const corpus = join(tmp, 'corpus8.txt');
    writeFileSync(corpus, `${texts.join('\n')}\n`);
    const got = JSON.parse((await sbertOk(['search', ...MODEL, '--corpus', corpus, '--query', texts[2]!, '--top-k', '4', '--precision', 'int8', '--json'], { env })).stdout) as { hits: { corpus_id: number; score: number }[] };
    const ranges = quantizationRanges(base, 'int8');
    const c = quantizeEmbeddings(base, 'int8', { ranges }).map((r) => Float32Array.from(r));
    const q = quantizeEmbeddings([base[2]!], 'int8', { ranges }).map((r) => Float32Array.from(r));
    const truth = semanticSearch(q, c, { topK: 4 })[0]!;
    expect(got.hits.map((h) => h.corpus_id)).toEqual(truth.map((h) => h.corpus_id));
    got.hits.forEach((h, r) => expect(Math.abs(h.score - truth[r]!.score)).toBeLessThan(1e-6));
  }, 60_000);
});
