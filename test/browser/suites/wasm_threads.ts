// Wasm with threads needs SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP),
// and tfjs uses half of navigator.hardwareConcurrency as its XNNPACK thread count, so on a
// 2-core CI machine the init script claims 4 cores to get 2 threads (BROWSER.md).
import { openHarness } from '../shared/harness_page.js';
import type { GlobalTest, Suite } from '../shared/types.js';

export const MATMUL_N = 512;
const REPS = 5;

export const threadsTest: GlobalTest = {
  name: `wasm threads in a cross-origin isolated page (${MATMUL_N}x${MATMUL_N} matmul speed)`,
  async run(env) {
    const plain = await openHarness(env.browser, env.server.url, 'wasm');
    let single: number;
    try {
      if (plain.backend.wasmThreads !== 1) throw new Error(`plain page: expected 1 wasm thread, got ${plain.backend.wasmThreads}`);
      single = await plain.page.evaluate(([n, r]) => window.sbertHarness!.matmulMs(n, r), [MATMUL_N, REPS] as const);
    } finally {
      await plain.close();
    }
    const coi = await openHarness(env.browser, env.server.url, 'wasm', { crossOriginIsolated: true, hardwareConcurrency: 4 });
    let threaded: number;
    try {
      if (!coi.backend.crossOriginIsolated) throw new Error('page served with COOP/COEP is not crossOriginIsolated');
      if (coi.backend.wasmThreads !== 2) throw new Error(`isolated page with hardwareConcurrency=4: expected 2 wasm threads, got ${coi.backend.wasmThreads}`);
      threaded = await coi.page.evaluate(([n, r]) => window.sbertHarness!.matmulMs(n, r), [MATMUL_N, REPS] as const);
    } finally {
      await coi.close();
    }
    env.measured['wasmThreads.matmul512.ms'] = { threads1: single, threads2: threaded, speedup: single / threaded };
    return `1 thread ${single.toFixed(1)} ms, 2 threads ${threaded.toFixed(1)} ms (x${(single / threaded).toFixed(2)})`;
  },
};

export const wasmThreadsSuite: Suite = { name: 'wasm-threads', globalTests: [threadsTest] };
