// The ceiling for float32 work in WebAssembly on this machine: bench/assembly/simd_peak.ts (12
// independent f32x4 multiply-add chains, no memory traffic) on 1 thread and on N worker_threads
// at once, beside numpy's sgemm (the limit). Prints a table and one JSON line.
// Usage: npx tsx bench/simd_peak.ts [--seconds 2] [--threads 2]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { numberFlag, REPO_ROOT } from './lib/args.js';

const argv = process.argv.slice(2);
const seconds = numberFlag(argv, '--seconds', 2);
const threads = numberFlag(argv, '--threads', 2);
const FLOP_PER_ITER = 12 * 8; // 12 chains × (4 mul + 4 add)

function compile(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'sbert-peak-'));
  try {
    const out = join(dir, 'peak.wasm');
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/assemblyscript/bin/asc.js'), 'bench/assembly/simd_peak.ts', '-o', out,
      '--runtime', 'stub', '-O3', '--noAssert', '--enable', 'simd'], { cwd: REPO_ROOT, stdio: 'pipe' });
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One worker's job: calibrate iterations to ~`seconds`, then report GFLOP/s.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const inst = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes), {});
let iters = 1e6; inst.exports.peak(iters);
for (;;) { const t0 = performance.now(); inst.exports.peak(iters); const s = (performance.now() - t0) / 1000; if (s > 0.2) { iters = Math.round(iters * workerData.seconds / s); break; } iters *= 4; }
parentPort.once('message', () => {
  const t0 = performance.now(); inst.exports.peak(iters); const s = (performance.now() - t0) / 1000;
  parentPort.postMessage(iters * ${FLOP_PER_ITER} / s / 1e9);
});
parentPort.postMessage('ready');
`;

async function run(n: number, bytes: Uint8Array): Promise<number[]> {
  const workers = Array.from({ length: n }, () => new Worker(WORKER, { eval: true, workerData: { bytes, seconds } }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r)))); // calibrated
  const results = Promise.all(workers.map((w) => new Promise<number>((r) => w.once('message', r))));
  for (const w of workers) w.postMessage('go'); // start together
  const out = await results;
  await Promise.all(workers.map((w) => w.terminate()));
  return out;
}

const bytes = compile();
const one = await run(1, bytes);
const many = await run(threads, bytes);
const report = {
  wasm_simd_peak_gflops_1_thread: one[0]!,
  wasm_simd_peak_gflops_n_threads: many.reduce((a, b) => a + b, 0),
  threads,
  per_thread: many,
};
console.log(`wasm SIMD128 mul+add peak (no memory traffic): 1 thread ${one[0]!.toFixed(1)} GFLOP/s, ${threads} threads ${report.wasm_simd_peak_gflops_n_threads.toFixed(1)} GFLOP/s (${many.map((x) => x.toFixed(1)).join(' + ')})`);
console.log(JSON.stringify(report));
