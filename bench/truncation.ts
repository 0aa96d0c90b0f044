// Speed and STSb test Spearman of a SentenceTransformer truncated to its first k encoder layers
// (src/research/truncate.ts), for every k from the full depth down to 1.
//
//   npx tsx bench/truncation.ts [--model DIR] [--pairs N] [--threads T] [--json FILE] [--svg FILE]
//
// Default model: .cache/models/all-MiniLM-L6-v2 (npm run fetch-model). The backend is wasm with
// the fast kernels and XNNPACK on T threads (the CLI's default setup, src/cli/commands/encode.ts).
// Speed: sentences per second of encode(batchSize 32) over the unique sentences of the pairs
// scored; STSb: Spearman of the cosine similarities against the gold scores, on the first N test
// pairs (default all 1,379). Prints a markdown table and one JSON object; --svg writes a plot.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { useWasmThreads } from '../src/backends/node_wasm_threads.js';
import { parseStsBenchmark } from '../src/evaluation/datasets.js';
import { spearman } from '../src/evaluation/statistics.js';
import { nodeSource } from '../src/io/node_file_source.js';
import { useFastKernels } from '../src/kernels/index.js';
import { parameterCount } from '../src/nn/parameters.js';
import { SentenceTransformer } from '../src/pipeline/sentence_transformer.js';

const root = resolve(import.meta.dirname, '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const modelDir = arg('model') ?? join(root, '.cache', 'models', 'all-MiniLM-L6-v2');
const stsDir = process.env['SBERT_STSB_DIR'] ?? join(root, '..', 'shared', 'data', 'stsbenchmark');
const threads = Number(arg('threads') ?? availableParallelism());

useFastKernels();
await useWasmThreads(threads);
await tf.ready();

const file = join(stsDir, 'sts-test.csv');
const all = parseStsBenchmark(readFileSync(file, 'utf8'), file);
const n = Math.min(all.scores.length, Number(arg('pairs') ?? all.scores.length));
const s1 = all.sentences1.slice(0, n);
const s2 = all.sentences2.slice(0, n);
const gold = all.scores.slice(0, n);
const unique = [...new Set([...s1, ...s2])];
const index = new Map(unique.map((s, i) => [s, i]));

const model = await SentenceTransformer.fromSource(nodeSource(modelDir));
const depth = model.transformer.encoder.layers.length;
const cosine = (a: Float32Array, b: Float32Array): number => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
  return d / Math.sqrt(na * nb);
};

interface Row { layers: number; parameters: number; sentences_per_s: number; seconds: number; spearman_cosine: number }
const rows: Row[] = [];
await model.encode(unique.slice(0, 64), { batchSize: 32 });              // warm-up: kernels compiled, heap grown
for (let k = depth; k >= 1; k--) {
  if (k < depth) model.truncateLayers(k);                                   // descending: drop one layer per step
  const t0 = performance.now();
  const emb = await model.encode(unique, { batchSize: 32 });
  const seconds = (performance.now() - t0) / 1000;
  const sims = s1.map((a, i) => cosine(emb[index.get(a)!]!, emb[index.get(s2[i]!)!]!));
  const row = { layers: k, parameters: parameterCount(model.transformer.encoder), sentences_per_s: unique.length / seconds, seconds, spearman_cosine: spearman(gold, sims) };
  rows.push(row);
  console.error(`k=${k}: ${row.sentences_per_s.toFixed(1)} sentences/s, spearman ${row.spearman_cosine.toFixed(4)}`);
}
model.dispose();
rows.reverse();

const name = basename(modelDir);
const full = rows[rows.length - 1]!;
const table = [
  `| layers | parameters | sentences/s | speed-up | STSb test Spearman (cosine) | vs full |`,
  `|---:|---:|---:|---:|---:|---:|`,
  ...rows.map((r) => `| ${r.layers} | ${(r.parameters / 1e6).toFixed(1)}M | ${r.sentences_per_s.toFixed(1)} | ${(r.sentences_per_s / full.sentences_per_s).toFixed(2)}× | ${r.spearman_cosine.toFixed(4)} | ${(r.spearman_cosine - full.spearman_cosine >= 0 ? '+' : '') + (r.spearman_cosine - full.spearman_cosine).toFixed(4)} |`),
].join('\n');
const result = { model: name, pairs: n, sentences: unique.length, backend: `wasm + fast kernels, ${threads} XNNPACK threads`, batch_size: 32, rows };
console.log(table);
console.log(JSON.stringify(result));
const jsonOut = arg('json');
if (jsonOut !== undefined) writeFileSync(jsonOut, `${JSON.stringify(result, null, 1)}\n`);

/** Spearman (left axis, line) and speed-up (right axis, bars) per k. */
function svg(): string {
  const W = 560, H = 320, L = 60, R = 60, T = 30, B = 50;
  const pw = W - L - R, ph = H - T - B;
  const x = (k: number): number => L + ((k - 0.5) / depth) * pw;
  const sMin = Math.floor(Math.min(...rows.map((r) => r.spearman_cosine)) * 10) / 10;
  const yS = (s: number): number => T + ph - ((s - sMin) / (1 - sMin)) * ph;
  const maxUp = Math.ceil(Math.max(...rows.map((r) => r.sentences_per_s / full.sentences_per_s)));
  const yU = (u: number): number => T + ph - (u / maxUp) * ph;
  const bw = (pw / depth) * 0.5;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${name}: first k layers</text>`,
    ...rows.map((r) => `<rect x="${(x(r.layers) - bw / 2).toFixed(1)}" y="${yU(r.sentences_per_s / full.sentences_per_s).toFixed(1)}" width="${bw.toFixed(1)}" height="${(T + ph - yU(r.sentences_per_s / full.sentences_per_s)).toFixed(1)}" fill="#9ecae1"/>`),
    `<polyline fill="none" stroke="#d6604d" stroke-width="2" points="${rows.map((r) => `${x(r.layers).toFixed(1)},${yS(r.spearman_cosine).toFixed(1)}`).join(' ')}"/>`,
    ...rows.map((r) => `<circle cx="${x(r.layers).toFixed(1)}" cy="${yS(r.spearman_cosine).toFixed(1)}" r="3" fill="#d6604d"/>`),
    `<line x1="${L}" y1="${T + ph}" x2="${L + pw}" y2="${T + ph}" stroke="black"/>`,
    `<line x1="${L}" y1="${T}" x2="${L}" y2="${T + ph}" stroke="black"/>`,
    `<line x1="${L + pw}" y1="${T}" x2="${L + pw}" y2="${T + ph}" stroke="black"/>`,
    ...rows.map((r) => `<text x="${x(r.layers).toFixed(1)}" y="${T + ph + 16}" text-anchor="middle">${r.layers}</text>`),
    `<text x="${L + pw / 2}" y="${H - 12}" text-anchor="middle">encoder layers kept (k)</text>`,
    ...[0, 0.25, 0.5, 0.75, 1].map((f) => { const s = sMin + f * (1 - sMin); return `<text x="${L - 6}" y="${(yS(s) + 4).toFixed(1)}" text-anchor="end" fill="#d6604d">${s.toFixed(2)}</text>`; }),
    ...Array.from({ length: maxUp + 1 }, (_, u) => `<text x="${L + pw + 6}" y="${(yU(u) + 4).toFixed(1)}" fill="#3182bd">${u}×</text>`),
    `<text transform="translate(16 ${T + ph / 2}) rotate(-90)" text-anchor="middle" fill="#d6604d">STSb test Spearman</text>`,
    `<text transform="translate(${W - 14} ${T + ph / 2}) rotate(90)" text-anchor="middle" fill="#3182bd">speed-up vs all layers</text>`,
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}
const svgOut = arg('svg');
if (svgOut !== undefined) writeFileSync(svgOut, svg());
