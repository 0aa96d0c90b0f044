// The real all-mpnet-base-v2 against the reference (sentence-transformers' goldens in
// .cache/goldens/all-mpnet-base-v2, `npm run fetch-model -- all-mpnet-base-v2`):
//   - SentenceTransformer.load('all-mpnet-base-v2') on the cpu backend (pure JS, slow): 8 STSb test
//     sentences, the longest among them, within 1e-5 of the reference's sentence embeddings;
//   - `sbert similarity --model all-mpnet-base-v2` (a child process, as a user runs it) gives the
//     reference's cosine of an STSb test pair.
// Every STSb test sentence on wasm is in mpnet_wasm.test.ts (minutes). Skips, saying why, where the
// model or its goldens are missing (never in CI, see realModelAbsence); SBERT_REAL_MODEL=skip skips it.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SentenceTransformer } from '../../src/index.node.js';
import { loadRealGoldens, realModelAbsence, REPO_ROOT, requireRealModel } from '../helpers/goldens.js';
import { CPU_ATOL, WASM_ATOL } from '../helpers/tolerances.js';
import { compareRows, encodeRows, MPNET } from './mpnet_common.js';

const MIN_COSINE = 0.99999;
/** The first sentences of the goldens, plus the longest one (46 tokens). */
const CPU_FIRST = 7;
const SKIP = process.env['SBERT_REAL_MODEL'] === 'skip';
const ABSENT = realModelAbsence(MPNET);
if (ABSENT !== undefined && !SKIP) console.warn(`${MPNET} tests ${ABSENT}`);

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'sbert-mpnet-'));
const measured: string[] = [];
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  if (measured.length > 0) console.info(`${MPNET} vs reference:\n${measured.join('\n')}`);
});

describe.skipIf(SKIP || ABSENT !== undefined)(`${MPNET}${ABSENT === undefined ? '' : ` (${ABSENT})`}`, () => {
  it(`cpu: ${CPU_FIRST} + the longest STSb test sentence within ${CPU_ATOL} of the reference`, async () => {
    requireRealModel(MPNET); // fails naming `npm run fetch-model -- all-mpnet-base-v2`
    const g = loadRealGoldens(MPNET);
    const lengths = g.meta.input_ids.map((ids) => ids.length);
    const longest = lengths.indexOf(Math.max(...lengths));
    const rows = [...new Set([...Array.from({ length: CPU_FIRST }, (_, i) => i), longest])];
    expect(await tf.setBackend('cpu')).toBe(true);
    const started = Date.now();
    const model = await SentenceTransformer.load(MPNET, { cacheDir: join(tmp, 'cache') });
    try {
      expect(model.embeddingDimension).toBe(768);
      expect(model.maxSeqLength).toBe(384);
      // One sentence per encode() call: no padding, and a yield between the slow pure-JS forwards.
      const { order, got } = await encodeRows(model, g, rows, 1, 1);
      const { maxAbs, minCos, worstSentence } = compareRows(g, order, got);
      measured.push(`  cpu: ${rows.length} sentences (longest ${lengths[longest]} tokens), max abs ${maxAbs.toExponential(2)} (sentence ${worstSentence}), ` +
        `min cosine ${minCos.toFixed(9)}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(maxAbs).toBeLessThan(CPU_ATOL);
      expect(minCos).toBeGreaterThanOrEqual(MIN_COSINE);
    } finally {
      model.dispose();
    }
  }, 900_000);

  it('sbert similarity --model all-mpnet-base-v2 gives the reference\'s cosine of an STSb test pair', async () => {
    requireRealModel(MPNET);
    const g = loadRealGoldens(MPNET);
    const [a, b] = g.meta.stsb_test_pairs[0]!;
    const texts = [g.meta.sentences[a]!, g.meta.sentences[b]!];
    const env = { ...process.env, SBERT_TFJS_CACHE: join(tmp, 'cli-cache') };
    const { stdout } = await run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'similarity', '--model', MPNET, '--json', ...texts],
      { cwd: REPO_ROOT, env, maxBuffer: 1 << 26 });
    const out = JSON.parse(stdout) as { similarity: number[][]; similarity_fn_name: string };
    expect(out.similarity_fn_name).toBe('cosine');
    const want = g.meta.stsb_test_cosine[0]!;
    measured.push(`  sbert similarity: ${out.similarity[0]![1]} (reference ${want}) for "${texts[0]}" / "${texts[1]}"`);
    expect(Math.abs(out.similarity[0]![1]! - want)).toBeLessThan(WASM_ATOL);
    expect(Math.abs(out.similarity[1]![0]! - want)).toBeLessThan(WASM_ATOL);
    expect(Math.abs(out.similarity[0]![0]! - 1)).toBeLessThan(WASM_ATOL);
  }, 600_000);
});
