// ANN recall of the embedding store (src/store/embedding_store.ts, an embedded LanceDB table) at
// 100k vectors: recall@10 of each ANN index against the store's exact search, which is itself
// checked against semanticSearch in memory (src/util/semantic_search.ts).
//
// Vectors: synthetic but structured like sentence embeddings: --clusters topic centres (random
// unit vectors in --dim dimensions) sharing a common mean direction (embeddings are anisotropic:
// all-MiniLM-L6-v2's pairwise cosines sit around 0.1-0.3, not 0), each vector a centre plus
// Gaussian noise, L2-normalized. Queries are fresh draws from the same mixture (not in the table).
//
//   npx tsx bench/store_ann.ts [--n 100000] [--dim 384] [--queries 200] [--clusters 1000]
//       [--noise 0.7] [--kinds hnsw_sq,ivf_pq] [--nprobes 10,20,40] [--refine 0] [--ef 0]
//       [--keep DIR]
// --nprobes is a list: one search per value after each index build. --refine: candidates re-ranked
// with the full vectors, as a multiple of k (0: the store's defaults, 5 for hnsw_sq, 10 for
// ivf_pq); --ef (0 = LanceDB's default) is the HNSW search's candidate list size.
// Prints a table, then one JSON line.
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingStore, type AnnKind } from '../src/store/index.js';
import { semanticSearch } from '../src/util/semantic_search.js';
import { numberFlag, stringFlag } from './lib/args.js';

const argv = process.argv.slice(2);
const N = numberFlag(argv, '--n', 100_000);
const D = numberFlag(argv, '--dim', 384);
const Q = numberFlag(argv, '--queries', 200);
const C = numberFlag(argv, '--clusters', 1000);
const NOISE = numberFlag(argv, '--noise', 0.7);
const KINDS = stringFlag(argv, '--kinds', 'hnsw_sq,ivf_pq').split(',').filter((k) => k !== '') as AnnKind[];
const NPROBES = stringFlag(argv, '--nprobes', '10,20,40').split(',').map(Number);
const REFINE = numberFlag(argv, '--refine', 0);
const EF = numberFlag(argv, '--ef', 0);
const K = 10;

// A seeded generator (mulberry32) and Box-Muller normals, so every run sees the same vectors.
let seed = 12345;
function uniform(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  return v.map((x) => x / n);
}
const mean = unit(Float32Array.from({ length: D }, normal));
const centres = Array.from({ length: C }, () => unit(Float32Array.from({ length: D }, (_, k) => normal() / Math.sqrt(D) * 2 + mean[k]! * 0.6)));
function draw(): Float32Array {
  const c = centres[Math.floor(uniform() * C)]!;
  return unit(Float32Array.from({ length: D }, (_, k) => c[k]! + (NOISE * normal()) / Math.sqrt(D)));
}

const secs = (t0: number): number => (performance.now() - t0) / 1000;
const dir = argv.includes('--keep') ? stringFlag(argv, '--keep', '') : mkdtempSync(join(tmpdir(), 'sbert-ann-'));
try {
  const t0 = performance.now();
  const corpus = Array.from({ length: N }, draw);
  const queries = Array.from({ length: Q }, draw);
  const store = await EmbeddingStore.openOrCreate(dir, { model: 'synthetic', dimension: D, normalized: true, prompt: null, metric: 'cosine' });
  for (let i = 0; i < N; i += 10_000) await store.add(corpus.slice(i, i + 10_000).map((v, j) => ({ id: String(i + j), text: '', vector: v })));
  await store.compact();
  const loadS = secs(t0);

  // Truth: semanticSearch in memory; the store's exact search must agree with it.
  let t = performance.now();
  const truth = semanticSearch(queries, corpus, { topK: K, corpusChunkSize: 20_000 });
  const memoryS = secs(t);
  t = performance.now();
  const exact = await store.search(queries, { topK: K });
  const exactS = secs(t);
  let exactIdsEqual = 0;
  let exactMaxScoreDiff = 0;
  exact.forEach((hits, q) => {
    if (hits.map((h) => h.id).join() === truth[q]!.map((h) => String(h.corpus_id)).join()) exactIdsEqual++;
    hits.forEach((h, r) => (exactMaxScoreDiff = Math.max(exactMaxScoreDiff, Math.abs(h.score - truth[q]![r]!.score))));
  });

  const rows: Record<string, unknown>[] = [];
  for (const kind of KINDS) {
    t = performance.now();
    await store.createAnnIndex({ kind });
    const buildS = secs(t);
    for (const nprobes of NPROBES) {
      const refine = REFINE > 0 ? REFINE : kind === 'ivf_pq' ? 10 : 5; // 0: the store's defaults
      t = performance.now();
      const ann = await store.search(queries, { topK: K, ann: true, nprobes, refineFactor: refine, ...(EF > 0 && kind === 'hnsw_sq' ? { ef: EF } : {}) });
      const annS = secs(t);
      let found = 0;
      ann.forEach((hits, q) => {
        const want = new Set(truth[q]!.map((h) => String(h.corpus_id)));
        found += hits.filter((h) => want.has(h.id)).length;
      });
      rows.push({ index: kind, nprobes, refine_factor: refine, ef: EF > 0 && kind === 'hnsw_sq' ? EF : null, build_s: +buildS.toFixed(1), query_ms: +((annS / Q) * 1000).toFixed(2), recall_at_10: +(found / (Q * K)).toFixed(4) });
    }
  }
  store.close();

  const exactRow = { index: 'exact (flat scan)', query_ms: +((exactS / Q) * 1000).toFixed(2), ids_equal_memory: `${exactIdsEqual}/${Q}`, max_score_diff: exactMaxScoreDiff };
  console.log(`embedding store ANN bench: ${N} vectors x ${D} d (${C} clusters, noise ${NOISE}), ${Q} queries, top-${K}; load ${loadS.toFixed(1)} s, memory search ${((memoryS / Q) * 1000).toFixed(2)} ms/query`);
  console.log('| index | nprobes | refine | ef | build s | ms/query | recall@10 |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(`| exact | - | - | - | - | ${exactRow.query_ms} | 1 (ids = memory for ${exactRow.ids_equal_memory} queries, max score diff ${exactMaxScoreDiff.toExponential(2)}) |`);
  for (const r of rows) console.log(`| ${r['index']} | ${r['nprobes']} | ${r['refine_factor'] ?? '-'} | ${r['ef'] ?? '-'} | ${r['build_s']} | ${r['query_ms']} | ${r['recall_at_10']} |`);
  console.log(JSON.stringify({ bench: 'store_ann', n: N, dim: D, queries: Q, clusters: C, noise: NOISE, k: K, load_s: +loadS.toFixed(1), exact: exactRow, ann: rows }));
} finally {
  if (!argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
