// Wasm with threads needs SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP),
// and tfjs uses half of navigator.hardwareConcurrency as its XNNPACK thread count, so on a
// 2-core CI machine the init script claims 4 cores to get 2 threads. Measures a
// 512x512 matmul and all-MiniLM-L6-v2 on one batch of STSb sentences, with 1 and 2 threads,
// and checks the threaded embeddings still match the single-threaded ones. Then the same with
// src/kernels' fast wasm kernels (AssemblyScript SIMD: attention matmuls, fused GELU and
// LayerNorm, gather) on 2 threads: the fastest browser path, also within the wasm tolerance.
import { prepareRealModel } from '../../../demo/server/prepare_models.js';
import { BROWSER_TOLERANCE, assertClose } from '../shared/compare.js';
import { openHarness, type OpenOptions } from '../shared/harness_page.js';
import { stsbSlice } from '../shared/references.js';
import type { Suite, SuiteEnv } from '../shared/types.js';

export const MATMUL_N = 512;
const MATMUL_REPS = 5;
const ENCODE_REPS = 3;
const ENCODE_PAIRS = 16; // 32 sentences = one batch

let modelUrl = '';

interface Timing {
  threads: number;
  matmulMs: number;
  encodeMs: number;
  embeddings: number[];
}

async function measure(env: SuiteEnv, opts: OpenOptions): Promise<Timing> {
  const h = await openHarness(env.browser, env.server.url, 'wasm', opts);
  try {
    if (opts.fastKernels === true && !(await h.page.evaluate(() => window.sbertHarness!.fastKernels))) throw new Error('?fast=1 page did not install the fast kernels');
    const threads = h.backend.wasmThreads ?? 0;
    if (opts.crossOriginIsolated === true && !h.backend.crossOriginIsolated) throw new Error('page served with COOP/COEP is not crossOriginIsolated');
    const matmulMs = await h.page.evaluate(([n, r]) => window.sbertHarness!.matmulMs(n, r), [MATMUL_N, MATMUL_REPS] as const);
    await h.page.evaluate((u) => window.sbertHarness!.load(u, 'http'), modelUrl);
    const sentences = stsbSlice(ENCODE_PAIRS);
    const enc = await h.page.evaluate(([u, s, r]) => window.sbertHarness!.encode(u, s, r), [modelUrl, sentences, ENCODE_REPS] as const);
    return { threads, matmulMs, encodeMs: enc.ms, embeddings: enc.embeddings.flat() };
  } finally {
    await h.close();
  }
}

export const wasmThreadsSuite: Suite = {
  name: 'wasm-threads',
  async setup(env) {
    const m = await prepareRealModel();
    env.server.mount(m);
    modelUrl = `/models/${m.name}/`;
  },
  globalTests: [
    {
      name: `wasm threads in a cross-origin isolated page: speed of a ${MATMUL_N}^2 matmul and of all-MiniLM-L6-v2 on ${ENCODE_PAIRS * 2} sentences`,
      async run(env) {
        const one = await measure(env, {});
        if (one.threads !== 1) throw new Error(`plain page: expected 1 wasm thread, got ${one.threads}`);
        const two = await measure(env, { crossOriginIsolated: true, hardwareConcurrency: 4 });
        if (two.threads !== 2) throw new Error(`isolated page with hardwareConcurrency=4: expected 2 wasm threads, got ${two.threads}`);
        const d = assertClose(two.embeddings, one.embeddings, BROWSER_TOLERANCE.wasm, 'threaded vs single-thread embeddings');
        const fast = await measure(env, { crossOriginIsolated: true, hardwareConcurrency: 4, fastKernels: true });
        if (fast.threads !== 2) throw new Error(`fast-kernel isolated page: expected 2 wasm threads, got ${fast.threads}`);
        const dFast = assertClose(fast.embeddings, one.embeddings, BROWSER_TOLERANCE.wasm, 'fast kernels + 2 threads vs stock single-thread embeddings');
        const speed = { matmul: one.matmulMs / two.matmulMs, encode: one.encodeMs / two.encodeMs, encodeFastKernels: one.encodeMs / fast.encodeMs };
        env.measured['wasmThreads'] = {
          threads1: { matmulMs: one.matmulMs, encodeMs: one.encodeMs }, threads2: { matmulMs: two.matmulMs, encodeMs: two.encodeMs },
          threads2FastKernels: { encodeMs: fast.encodeMs }, speedup: speed, maxAbsThreadedVsSingle: d, maxAbsFastVsStock: dFast,
        };
        return `matmul ${one.matmulMs.toFixed(1)} -> ${two.matmulMs.toFixed(1)} ms (x${speed.matmul.toFixed(2)}), ` +
          `encode ${one.encodeMs.toFixed(0)} -> ${two.encodeMs.toFixed(0)} ms (x${speed.encode.toFixed(2)}) with 2 threads, ` +
          `${fast.encodeMs.toFixed(0)} ms (x${speed.encodeFastKernels.toFixed(2)}) with the fast kernels too; max abs ${d.toExponential(2)}, ${dFast.toExponential(2)}`;
      },
    },
  ],
};
