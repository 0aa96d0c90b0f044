// The store against memory on the full STSb train set, through the CLI as a user runs it:
// `sbert index` over every unique STSb train sentence (both columns, file order; id = index),
// `sbert search --db --top-k 10` for the first 100 unique STSb test sentences, and as the truth
// semanticSearch (src/util/semantic_search.ts) over `sbert encode --format npy` of the same texts.
// test/store/stsb_search.test.ts runs the same on a slice.
//
//   npx tsx bench/store_stsb.ts [--model M] [--queries 100] [--ann]
// --ann also builds the store's ANN index and reports its recall@10 against the exact search.
// Prints a table, then one JSON line.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeNpyFloat32 } from '../src/cli/npy.js';
import { parseStsBenchmark } from '../src/evaluation/index.js';
import { semanticSearch } from '../src/util/semantic_search.js';
import { flag, numberFlag, REPO_ROOT, stringFlag } from './lib/args.js';

const argv = process.argv.slice(2);
const MODEL = stringFlag(argv, '--model', 'all-MiniLM-L6-v2');
const NQ = numberFlag(argv, '--queries', 100);
const STS = process.env['SBERT_STSB_DIR'] ?? join(REPO_ROOT, '..', 'shared', 'data', 'stsbenchmark');

function sbert(args: string[]): { stdout: string; seconds: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), ...args, '--quiet'], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sbert ${args.join(' ')} failed:\n${r.stderr}`);
  return { stdout: r.stdout, seconds: (performance.now() - t0) / 1000 };
}
const unique = (file: string, both: boolean): string[] => {
  const d = parseStsBenchmark(readFileSync(join(STS, file), 'utf8'), file);
  return [...new Set(both ? d.sentences1.flatMap((s, i) => [s, d.sentences2[i]!]) : d.sentences1)];
};
const npyRows = (path: string): Float32Array[] => {
  const { shape, data } = decodeNpyFloat32(new Uint8Array(readFileSync(path)), path);
  return Array.from({ length: shape[0] }, (_, i) => data.subarray(i * shape[1], (i + 1) * shape[1]));
};
type Hits = { hits: { id: string; score: number }[] }[];
const parse = (s: string): Hits => s.trim().split('\n').map((l) => JSON.parse(l) as Hits[number]);

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'sbert-stsb-bench-'));
try {
  const corpus = unique('sts-train.csv', true);
  const queries = unique('sts-test.csv', false).slice(0, NQ);
  const cFile = join(dir, 'train.txt');
  const qFile = join(dir, 'queries.txt');
  writeFileSync(cFile, `${corpus.join('\n')}\n`);
  writeFileSync(qFile, `${queries.join('\n')}\n`);
  const db = join(dir, 'db');
  const index = sbert(['index', '--model', MODEL, '--corpus', cFile, '--db', db]);
  const search = sbert(['search', '--model', MODEL, '--db', db, '--queries', qFile, '--top-k', '10', '--json']);
  const got = parse(search.stdout);
  const encode = sbert(['encode', '--model', MODEL, '--input', cFile, '--format', 'npy', '--output', join(dir, 'c.npy')]);
  sbert(['encode', '--model', MODEL, '--input', qFile, '--format', 'npy', '--output', join(dir, 'q.npy')]);
  const truth = semanticSearch(npyRows(join(dir, 'q.npy')), npyRows(join(dir, 'c.npy')), { topK: 10 });
  let idsEqual = 0;
  let maxDiff = 0;
  got.forEach((g, q) => {
    if (g.hits.map((h) => h.id).join() === truth[q]!.map((h) => String(h.corpus_id)).join()) idsEqual++;
    g.hits.forEach((h, r) => (maxDiff = Math.max(maxDiff, Math.abs(h.score - truth[q]![r]!.score))));
  });
  const result: Record<string, unknown> = {
    bench: 'store_stsb', model: MODEL, corpus: corpus.length, queries: queries.length,
    index_s: +index.seconds.toFixed(1), search_s: +search.seconds.toFixed(1), encode_s: +encode.seconds.toFixed(1),
    ids_equal: `${idsEqual}/${queries.length}`, max_score_diff: maxDiff,
  };
  if (flag(argv, '--ann')) {
    sbert(['index', '--db', db, '--ann']);
    const ann = parse(sbert(['search', '--db', db, '--queries', qFile, '--top-k', '10', '--json', '--ann']).stdout);
    let found = 0;
    ann.forEach((a, q) => {
      const want = new Set(got[q]!.hits.map((h) => h.id));
      found += a.hits.filter((h) => want.has(h.id)).length;
    });
    result['ann_recall_at_10'] = found / (10 * queries.length);
  }
  console.log(`STSb: ${corpus.length} unique train sentences indexed (${result['index_s']} s, with model load), ${queries.length} test queries`);
  console.log('| check | value |');
  console.log('|---|---|');
  console.log(`| top-10 ids equal semanticSearch | ${idsEqual}/${queries.length} queries |`);
  console.log(`| max score difference | ${maxDiff.toExponential(2)} |`);
  if (result['ann_recall_at_10'] !== undefined) console.log(`| ANN (hnsw_sq) recall@10 | ${result['ann_recall_at_10']} |`);
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
