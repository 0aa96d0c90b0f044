// In-page side of the browser suite. The Node runner (test/browser/run.ts) opens this page with
// ?backend=<name>, waits for window.sbertHarness, calls its functions through page.evaluate and
// compares what comes back with Node's own results. Everything returned is plain JSON.
import * as tf from '@tensorflow/tfjs-core';
import { isBackendName, useBackend, type BackendInfo } from '../../../demo/src/backend.js';
import { smokeOps } from '../shared/smoke_ops.js';

export interface Harness {
  backend: BackendInfo;
  smoke(): Promise<number[]>;
  /** Median ms of `reps` [n,n]x[n,n] matmuls (after one warm-up). */
  matmulMs(n: number, reps: number): Promise<number>;
  numTensors(): number;
}

declare global {
  interface Window {
    sbertHarness?: Harness;
    sbertHarnessError?: string;
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

async function main(): Promise<void> {
  const name = new URLSearchParams(location.search).get('backend') ?? 'cpu';
  if (!isBackendName(name)) throw new Error(`unknown backend '${name}' in ?backend=`);
  const backend = await useBackend(name);
  window.sbertHarness = {
    backend,
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
  };
  document.getElementById('status')!.textContent = `ready: ${JSON.stringify(backend)}`;
}

main().catch((e: unknown) => {
  window.sbertHarnessError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  document.getElementById('status')!.textContent = `error: ${window.sbertHarnessError}`;
});
