// `sbert eval` end to end in a child process: the last stdout line is one JSON object with the
// reference's keys and numbers (tiny-bert on the committed fixtures), and --help documents formats.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, expectMetricsClose, readFixtureJson } from './helpers.js';

const run = promisify(execFile);
const E2E_TOL = 1e-4;
type Results = Record<string, number | null>;
const golden = readFixtureJson<{ cases: Record<string, { results: { triplets: Results; pairs: Results } }> }>('evaluators.json');

async function sbert(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: REPO_ROOT, maxBuffer: 1 << 24 });
  return stdout;
}

const lastJson = (stdout: string): Record<string, number> => JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Record<string, number>;

describe('sbert eval', () => {
  it('--help documents the three tasks and the data formats', async () => {
    const help = await sbert(['eval', '--help']);
    for (const s of ['sts', 'triplets', 'pairs', 'NO quoting', 'RFC 4180', 'anchor,positive,negative', 'sentence1,sentence2,label', 'spearman_cosine']) {
      expect(help).toContain(s);
    }
  });

  it('pairs and triplets: table, then the reference\'s metrics as the last line', { timeout: 300_000 }, async () => {
    const model = 'test/fixtures/models/tiny-bert';
    const pairs = await sbert(['eval', 'pairs', '--model', model, '--data', 'test/fixtures/eval/stsb-pairs.csv', '--quiet']);
    expect(pairs).toMatch(/similarity\s+accuracy\s+accuracy_threshold\s+f1/);
    expectMetricsClose(lastJson(pairs), golden.cases['tiny-bert']!.results.pairs, E2E_TOL);
    const triplets = await sbert(['eval', 'triplets', '--model', model, '--data', 'test/fixtures/eval/stsb-triplets.tsv', '--quiet', '--similarity', 'cosine,dot']);
    const want = golden.cases['tiny-bert']!.results.triplets;
    expectMetricsClose(lastJson(triplets), { cosine_accuracy: want['cosine_accuracy']!, dot_accuracy: want['dot_accuracy']!, max_accuracy: Math.max(want['cosine_accuracy']!, want['dot_accuracy']!) }, E2E_TOL);
  });

  it('names the bad option', async () => {
    await expect(sbert(['eval', 'sts', '--data', 'x.csv', '--similarity', 'jaccard'])).rejects.toThrow(/--similarity.*jaccard/);
  });
});
