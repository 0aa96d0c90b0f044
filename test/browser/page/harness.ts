// In-page side of the browser suite. The Node runner (test/browser/run.ts) opens this page with
// ?backend=<name>, waits for window.sbertHarness, calls its functions through page.evaluate and
// compares what comes back with Node's own results. Everything returned is plain JSON.
import * as tf from '@tensorflow/tfjs-core';
import { isBackendName, useBackend, type BackendInfo } from '../../../demo/src/backend.js';
import { smokeOps } from '../shared/smoke_ops.js';
import type { DemoModel } from '../../../demo/src/engine.js';

export interface Harness {
  backend: BackendInfo;
  /** Whether src/kernels' fast wasm kernels were installed (?fast=1). */
  fastKernels: boolean;
  smoke(): Promise<number[]>;
  /** Median ms of `reps` [n,n]x[n,n] matmuls (after one warm-up). */
  matmulMs(n: number, reps: number): Promise<number>;
  numTensors(): number;
  /** Loads a converted model folder and keeps it by URL: plain HTTP, the demo's Cache API source
   *  (reports downloads/hits), or the package's browser entry `SentenceTransformer.load(url)`. */
  load(url: string, via: LoadVia): Promise<LoadReport>;
  /** Embeds with a model loaded by load(); `ms` is the median of `reps` timed runs after one warm-up (reps 0: a single run). */
  encode(url: string, sentences: string[], reps?: number): Promise<{ embeddings: number[][]; ms: number }>;
  unload(url: string): void;
  clearCache(): Promise<boolean>;
  /** Loads the cross-encoder folder at `url` over HTTP, scores `pairs` (flat rows of num_labels),
   *  ranks `documents` for `query` when it has one label, and frees it again. */
  crossEncode(url: string, pairs: [string, string][], batchSize: number, query: string, documents: string[]): Promise<CrossEncodeReport>;
  /** The research tools (src/research) on the model folder at `url`: see ResearchReport. */
  research(url: string, input: ResearchInput): Promise<ResearchReport>;
}

export interface ResearchInput {
  /** Sentences whose padded batch is the golden one; `patch` is the reference's layer-1 input [B, T, H]. */
  sentences: string[];
  patch: { data: number[]; shape: [number, number, number] };
  /** Sentences embedded after truncating to `truncateTo` layers. */
  truncated: string[];
  truncateTo: number;
  pair: [string, string];
}

export interface ResearchReport {
  /** token_embeddings with the embeddings zeroed and layer 0's output replaced by `patch`. */
  patched: number[];
  /** layers.1's output captured during the same batch, unhooked. */
  captured: number[];
  truncated: number[][];
  similarity: number;
  gradA: number[];
  gradB: number[];
  /** Integrated gradients, 20 Gauss-Legendre steps: Σ scores and s − s₀. */
  igSum: number;
  igGap: number;
  leaked: number;
}

export interface CrossEncodeReport {
  numLabels: number;
  scores: number[];
  rank?: number[];
  ms: number;
  /** Tensors alive after dispose minus before load (0: nothing leaked). */
  leaked: number;
}

export type LoadVia = 'http' | 'demo-cache' | 'library';

export interface LoadReport {
  ms: number;
  /** Cache API source only: files downloaded vs read from the cache. */
  downloads?: number;
  hits?: number;
  numTensors: number;
}

declare global {
  interface Window {
    sbertHarness?: Harness;
    sbertHarnessError?: string;
    /** The page's tf.js, for ad-hoc debugging from page.evaluate. */
    sbertTf?: typeof tf;
  }
}

async function median(run: () => Promise<void>, reps: number): Promise<number> {
  await run(); // warm-up: shader compilation, wasm page faults
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const models = new Map<string, DemoModel>();

async function main(): Promise<void> {
  const name = new URLSearchParams(location.search).get('backend') ?? 'cpu';
  if (!isBackendName(name)) throw new Error(`unknown backend '${name}' in ?backend=`);
  const fastKernels = new URLSearchParams(location.search).get('fast') === '1';
  if (fastKernels) (await import('../../../src/kernels/index.js')).useFastKernels();
  const backend = await useBackend(name);
  window.sbertTf = tf;
  window.sbertHarness = {
    backend,
    fastKernels,
    async smoke() {
      const out = smokeOps(tf);
      const data = await out.data();
      out.dispose();
      return Array.from(data);
    },
    async matmulMs(n, reps) {
      const a = tf.randomUniform([n, n]);
      const b = tf.randomUniform([n, n]);
      const ms = await median(async () => {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      }, reps);
      tf.dispose([a, b]);
      return ms;
    },
    numTensors: () => tf.memory().numTensors,
    async load(url, via) {
      // Imported lazily so the op-level smoke tests run even if the library fails to compile.
      const { loadModel, wrapModel } = await import('../../../demo/src/engine.js');
      const { cachedHttpSource } = await import('../../../demo/src/cache_source.js');
      const { httpSource } = await import('../../../src/io/file_source.js');
      const absolute = new URL(url, location.href).href;
      const cache = via === 'demo-cache' ? cachedHttpSource(url) : undefined;
      const t0 = performance.now();
      models.get(url)?.dispose();
      if (via === 'library') {
        const { SentenceTransformer } = await import('../../../src/index.browser.js');
        models.set(url, wrapModel(await SentenceTransformer.load(absolute)));
      } else {
        models.set(url, await loadModel(cache ?? httpSource(absolute)));
      }
      const report: LoadReport = { ms: performance.now() - t0, numTensors: tf.memory().numTensors };
      if (cache !== undefined) Object.assign(report, { downloads: cache.stats.downloads, hits: cache.stats.hits });
      return report;
    },
    async encode(url, sentences, reps = 0) {
      const model = models.get(url);
      if (model === undefined) throw new Error(`encode: ${url} is not loaded`);
      let rows: Float32Array[] = [];
      const run = async (): Promise<void> => {
        rows = await model.encode(sentences);
      };
      let ms: number;
      if (reps === 0) {
        const t0 = performance.now();
        await run();
        ms = performance.now() - t0;
      } else {
        ms = await median(run, reps);
      }
      return { embeddings: rows.map((r) => Array.from(r)), ms };
    },
    unload(url) {
      models.get(url)?.dispose();
      models.delete(url);
    },
    async crossEncode(url, pairs, batchSize, query, documents) {
      const { CrossEncoder } = await import('../../../src/index.browser.js');
      const { httpSource } = await import('../../../src/io/file_source.js');
      const before = tf.memory().numTensors;
      const ce = await CrossEncoder.fromSource(httpSource(new URL(url, location.href).href));
      const t0 = performance.now();
      const scores = ((await ce.predict(pairs, { batchSize })) as (number | number[])[]).flat();
      const ms = performance.now() - t0;
      const rank = ce.numLabels === 1 ? (await ce.rank(query, documents, { batchSize })).map((r) => r.corpus_id) : undefined;
      const numLabels = ce.numLabels;
      ce.dispose();
      return { numLabels, scores, ms, leaked: tf.memory().numTensors - before, ...(rank === undefined ? {} : { rank }) };
    },
    async research(url, input) {
      const { SentenceTransformer, similarityGradients, attributeSimilarity } = await import('../../../src/index.browser.js');
      const { httpSource } = await import('../../../src/io/file_source.js');
      const before = tf.memory().numTensors;
      const model = await SentenceTransformer.fromSource(httpSource(new URL(url, location.href).href));
      const patch = tf.tensor3d(input.patch.data, input.patch.shape);
      const zero = model.hook('embeddings', { onOutput: (o) => tf.zerosLike(o as tf.Tensor) });
      const swap = model.hook('layers.0', { onOutput: (o) => ({ ...(o as object), hidden: patch }) });
      const f1 = model.forwardBatch(input.sentences);
      zero.remove();
      swap.remove();
      patch.dispose();
      const patched = Array.from(await f1.token_embeddings!.data());
      tf.dispose(f1 as unknown as tf.TensorContainer);
      const cap = model.capture(['layers.1']);
      tf.dispose(model.forwardBatch(input.sentences) as unknown as tf.TensorContainer);
      cap.remove();
      const captured = Array.from(await ((cap.outputs.get('layers.1')![0] as { hidden: tf.Tensor }).hidden).data());
      cap.dispose();
      const g = similarityGradients(model, input.pair[0], input.pair[1]);
      const gradA = Array.from(await g.gradA.data());
      const gradB = Array.from(await g.gradB.data());
      tf.dispose([g.embedsA, g.embedsB, g.gradA, g.gradB]);
      const ig = attributeSimilarity(model, input.pair[0], input.pair[1], { steps: 20 });
      const igSum = [...ig.tokensA, ...ig.tokensB].reduce((s, t) => s + t.score, 0);
      model.truncateLayers(input.truncateTo);
      const truncated = (await model.encode(input.truncated)).map((v) => Array.from(v));
      model.dispose();
      return { patched, captured, truncated, similarity: g.similarity, gradA, gradB, igSum, igGap: ig.similarity - ig.baselineSimilarity!, leaked: tf.memory().numTensors - before };
    },
    async clearCache() {
      // Every Cache API cache of this origin: the demo's source and the library's own.
      const names = await caches.keys();
      await Promise.all(names.map((n) => caches.delete(n)));
      return names.length > 0;
    },
  };
  document.getElementById('status')!.textContent = `ready: ${JSON.stringify(backend)}`;
}

main().catch((e: unknown) => {
  window.sbertHarnessError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  document.getElementById('status')!.textContent = `error: ${window.sbertHarnessError}`;
});
