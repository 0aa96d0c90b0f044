// `sbert eval sts --model all-mpnet-base-v2` on the STSb test set (a child process, as a user runs
// it: wasm, fast kernels, threads) reports the reference's EmbeddingSimilarityEvaluator numbers
// (spearman_cosine and every other metric) to 1e-4. Needs .cache/ filled by
// `npm run fetch-model -- all-mpnet-base-v2` (the model) and `npm run goldens:eval` (the
// reference's numbers). Skips, saying why, where either is missing (never in CI, see
// realModelAbsence); SBERT_REAL_MODEL=skip skips it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_DIR, MPNET_MODEL_NAME as MPNET, realModelAbsence, REPO_ROOT, requireRealModel } from '../helpers/goldens.js';
import { STS_DIR, expectMetricsClose } from './helpers.js';

/** Real model, wasm backend: the issue's budget for every metric. */
const REAL_TOL = 1e-4;
const GOLDEN = join(CACHE_DIR, 'goldens', 'eval', `${MPNET}-sts-test.json`);
const SKIP = process.env['SBERT_REAL_MODEL'] === 'skip';
const ABSENT = realModelAbsence(MPNET) ?? (process.env['CI'] !== 'true' && !existsSync(GOLDEN) ? `skipped: ${GOLDEN} missing (run \`npm run goldens:eval\`)` : undefined);
if (ABSENT !== undefined && !SKIP) console.warn(`${MPNET} eval test ${ABSENT}`);

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'sbert-mpnet-eval-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(SKIP || ABSENT !== undefined)(`${MPNET}: sbert eval sts on STSb test vs the reference evaluator${ABSENT === undefined ? '' : ` (${ABSENT})`}`, () => {
  it('reports the reference\'s pearson/spearman for cosine, euclidean, manhattan and dot', { timeout: 2_400_000 }, async () => {
    requireRealModel(MPNET); // fails naming `npm run fetch-model -- all-mpnet-base-v2`
    if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run \`npm run goldens:eval\` (after \`npm run fetch-model -- ${MPNET}\`)`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf-8')) as { pairs: number; results: Record<string, number> };
    const started = Date.now();
    const env = { ...process.env, SBERT_TFJS_CACHE: join(tmp, 'cache') };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'eval', 'sts', '--model', MPNET,
      '--data', join(STS_DIR, 'sts-test.csv'), '--name', 'sts-test', '--quiet'], { cwd: REPO_ROOT, env, maxBuffer: 1 << 24 });
    const got = JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Record<string, number>;
    const want = golden.results;
    const rows = Object.keys(want).map((k) => `  ${k.padEnd(28)} TS ${got[k]?.toFixed(8)}  reference ${want[k]!.toFixed(8)}`);
    console.info(`${MPNET}, STSb test (${golden.pairs} pairs), sbert eval sts, ${((Date.now() - started) / 1000).toFixed(1)} s:\n${rows.join('\n')}`);
    expect(want['sts-test_spearman_cosine']).toBeGreaterThan(0.8);
    expectMetricsClose(got, want, REAL_TOL);
  });
});
