// `sbert explain` and examples/activation_patching.ts, run as a user runs them (child processes),
// on the tiny BERT fixture: the JSON has the documented shape, integrated gradients are complete
// and agree with the library call; the example prints one row per layer.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { attributeSimilarity } from '../../src/research/index.js';
import { REPO_ROOT, tinyModelDir } from '../helpers/goldens.js';

const run = promisify(execFile);
const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const A = 'A man is playing a flute.';
const B = 'Someone plays a musical instrument.';

describe('sbert explain', () => {
  it('--json: {similarity, baseline_similarity, tokens_a, tokens_b} equal to attributeSimilarity, complete', async () => {
    const { stdout } = await run(tsx, [join(REPO_ROOT, 'src/cli/main.ts'), 'explain', '--model', tinyModelDir('tiny-bert'), '--backend', 'cpu', '--json', A, B], { cwd: REPO_ROOT });
    const out = JSON.parse(stdout) as { similarity: number; baseline_similarity: number; tokens_a: { token: string; score: number }[]; tokens_b: { token: string; score: number }[] };
    expect(Object.keys(out)).toEqual(['similarity', 'baseline_similarity', 'tokens_a', 'tokens_b']);
    expect(Object.keys(out.tokens_a[0]!)).toEqual(['token', 'score']);
    expect(out.tokens_a.map((t) => t.token)).toEqual(['[CLS]', 'a', 'man', 'is', 'playing', 'a', 'fl', '##ut', '##e', '.', '[SEP]']);
    const sum = [...out.tokens_a, ...out.tokens_b].reduce((s, t) => s + t.score, 0);
    expect(Math.abs(sum - (out.similarity - out.baseline_similarity))).toBeLessThan(0.01 * Math.abs(out.similarity - out.baseline_similarity));
    await tf.setBackend('cpu');
    const model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir('tiny-bert')));
    const lib = attributeSimilarity(model, A, B);
    model.dispose();
    expect(Math.abs(lib.similarity - out.similarity)).toBeLessThan(1e-6);
    lib.tokensB.forEach((t, i) => expect(Math.abs(t.score - out.tokens_b[i]!.score)).toBeLessThan(1e-6));
  }, 120_000);

  it('gxi and rollout print every token of both texts', async () => {
    for (const method of ['gxi', 'rollout']) {
      const { stdout } = await run(tsx, [join(REPO_ROOT, 'src/cli/main.ts'), 'explain', '--model', tinyModelDir('tiny-bert'), '--backend', 'cpu', '--method', method, A, B], { cwd: REPO_ROOT });
      expect(stdout).toContain('text a: A man is playing a flute.');
      expect(stdout).toContain('##ent');
    }
  }, 120_000);
});

describe('examples/activation_patching.ts', () => {
  it('prints one row of restoration scores per layer', async () => {
    const { stdout } = await run(tsx, ['examples/activation_patching.ts', 'test/fixtures/models/tiny-bert'], { cwd: REPO_ROOT });
    const rows = stdout.split('\n').filter((l) => /^\d+\s+(-?\d\.\d{3}\s*)+$/.test(l));
    expect(rows.length).toBe(2);
    for (const r of rows) expect(r.trim().split(/\s+/).length).toBe(12);   // layer + 11 tokens
  }, 120_000);
});
