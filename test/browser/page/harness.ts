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
