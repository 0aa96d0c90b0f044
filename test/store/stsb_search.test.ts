// The real model on real data: `sbert index` over STSb train sentences, then `sbert search --db`
// for 100 STSb test sentences; the top-10 ids and scores equal semanticSearch in memory over the
// vectors `sbert encode` gives for the same texts (exact mode, scores within 1e-6).
// Embedding all ~10.6k unique train sentences twice (index + the in-memory truth) takes several
// minutes on a 2-core machine, so the test takes a deterministic slice: the first
// SBERT_STSB_SLICE unique sentences in file order (default 2000; "all" for every one).
// bench/store_stsb.ts runs the same comparison over the full set.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpyFloat32 } from '../../src/cli/npy.js';
import { parseStsBenchmark } from '../../src/evaluation/index.js';
import { storeAvailable } from '../../src/store/index.js';
import { semanticSearch } from '../../src/util/semantic_search.js';
import { STS_DIR } from '../evaluation/helpers.js';
import { REAL_MODEL_DIR } from '../helpers/goldens.js';
import { sbertOk } from '../cli/run_cli.js';

const TRAIN = join(STS_DIR, 'sts-train.csv');
const TEST = join(STS_DIR, 'sts-test.csv');
const LANCE = await storeAvailable();
const missing = !LANCE ? 'the optional package @lancedb/lancedb is not installed'
  : !existsSync(TRAIN) || !existsSync(TEST) ? `the STS benchmark is not at ${STS_DIR}`
  : !existsSync(REAL_MODEL_DIR) ? `the real model is not at ${REAL_MODEL_DIR} (npm run fetch-model)`
  : undefined;
if (missing !== undefined) console.warn(`test/store/stsb_search: skipped, ${missing}`);

const SLICE = process.env['SBERT_STSB_SLICE'] === 'all' ? Infinity : Number(process.env['SBERT_STSB_SLICE'] ?? 2000);

/** Unique sentences of an STSb file (both columns), in file order. */
function uniqueSentences(path: string, columns: 'both' | 'first'): string[] {
  const d = parseStsBenchmark(readFileSync(path, 'utf8'), path);
  const all = columns === 'first' ? d.sentences1 : d.sentences1.flatMap((s, i) => [s, d.sentences2[i]!]);
  return [...new Set(all)];
}

function readNpyRows(path: string): Float32Array[] {
  const { shape, data } = decodeNpyFloat32(new Uint8Array(readFileSync(path)), path);
  return Array.from({ length: shape[0] }, (_, i) => data.subarray(i * shape[1], (i + 1) * shape[1]));
}

const tmp = mkdtempSync(join(tmpdir(), 'sbert-stsb-'));
const env = { SBERT_TFJS_CACHE: join(tmp, 'cache') };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(missing !== undefined)('STSb: sbert index + sbert search --db against semanticSearch in memory', () => {
  it(`top-10 ids and scores of 100 STSb test queries over ${Number.isFinite(SLICE) ? `the first ${SLICE}` : 'all'} unique STSb train sentences`, async () => {
    await tf.setBackend('cpu');
    const corpus = uniqueSentences(TRAIN, 'both').slice(0, SLICE);
    const queries = uniqueSentences(TEST, 'first').slice(0, 100);
    const corpusFile = join(tmp, 'train.txt');
    writeFileSync(corpusFile, `${corpus.join('\n')}\n`); // line i = corpus[i]: ids are the indices
    const queryFile = join(tmp, 'queries.txt');
    writeFileSync(queryFile, `${queries.join('\n')}\n`);
    const db = join(tmp, 'db');

    // The default model (all-MiniLM-L6-v2) everywhere: index, search and the truth's encode.
    await sbertOk(['index', '--corpus', corpusFile, '--db', db], { env });
    const out = (await sbertOk(['search', '--db', db, '--queries', queryFile, '--top-k', '10', '--json'], { env })).stdout;
    const got = out.trim().split('\n').map((l) => JSON.parse(l) as { hits: { id: string; score: number }[] });

    await sbertOk(['encode', '--input', corpusFile, '--format', 'npy', '--output', join(tmp, 'c.npy')], { env });
    await sbertOk(['encode', '--input', queryFile, '--format', 'npy', '--output', join(tmp, 'q.npy')], { env });
    const truth = semanticSearch(readNpyRows(join(tmp, 'q.npy')), readNpyRows(join(tmp, 'c.npy')), { topK: 10 });

    expect(got).toHaveLength(100);
    let maxDiff = 0;
    got.forEach((g, q) => {
      expect(g.hits.map((h) => Number(h.id))).toEqual(truth[q]!.map((h) => h.corpus_id));
      g.hits.forEach((h, r) => (maxDiff = Math.max(maxDiff, Math.abs(h.score - truth[q]![r]!.score))));
    });
    console.log(`STSb store vs memory: ${corpus.length} corpus sentences, 100 queries, top-10 ids equal, max score diff ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThan(1e-6);
  }, 900_000);
});
