// Where the time goes in one encoder forward on the wasm (or cpu) backend: tf.profile per kernel,
// grouped by kernel name and input shapes, with the share of the total and GFLOP/s for matmuls.
// Usage: npx tsx bench/profile.ts [--model DIR] [--backend wasm|cpu] [--batch 32] [--seq 64] [--fast] [--threads N]
//   --threads N  starts wasm with XNNPACK on N threads (src/backends/node_wasm_threads.ts).
//   --fast  installs src/kernels' fast wasm kernels (attention BatchMatMul, Erf) first.
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { useWasmThreads } from '../src/backends/node_wasm_threads.js';
import { useFastKernels } from '../src/kernels/index.js';
import { defaultModelDir, flag, numberFlag, stringFlag } from './lib/args.js';
import { fixedInputs, forwardOnce, loadTfjsEncoder } from './lib/tfjs_model.js';

interface Row { kernel: string; shapes: string; calls: number; ms: number; flops: number }

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const modelDir = stringFlag(argv, '--model', defaultModelDir());
  const backend = stringFlag(argv, '--backend', 'wasm');
  const batch = numberFlag(argv, '--batch', 32);
  const seq = numberFlag(argv, '--seq', 64);
  if (flag(argv, '--fast')) useFastKernels();
  const threads = numberFlag(argv, '--threads', 1);
  if (backend === 'wasm' && threads > 1) await useWasmThreads(threads);
  else await tf.setBackend(backend);
  await tf.ready();
  const enc = loadTfjsEncoder(modelDir);
  const inputs = fixedInputs(batch, seq);
  forwardOnce(enc.model, inputs); // warm-up: XNNPACK operator caches, wasm heap growth

  const t0 = performance.now();
  const info = await tf.profile(() => forwardOnce(enc.model, inputs));
  const wall = performance.now() - t0;
  const rows = new Map<string, Row>();
  for (const k of info.kernels) {
    // tf.fused ops are profiled twice: the op ('fusedMatMul__op') and the kernel it runs; keep the kernel.
    if (k.name.endsWith('__op')) continue;
    const shapes = k.inputShapes.filter((s) => s != null).map((s) => `[${s.join(",")}]`).join("x");
    const key = `${k.name} ${shapes}`;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    let flops = 0;
    if (k.name === 'BatchMatMul' || k.name === '_FusedMatMul') {
      const [a, b] = k.inputShapes as number[][];
      const outSize = (k.outputShapes[0] as number[]).reduce((p, d) => p * d, 1);
      const kDim = a![a!.length - 1]!;
      void b;
      flops = 2 * outSize * kDim;
    }
    const r = rows.get(key) ?? { kernel: k.name, shapes, calls: 0, ms: 0, flops: 0 };
    r.calls += 1; r.ms += ms; r.flops += flops;
    rows.set(key, r);
  }
  const total = [...rows.values()].reduce((p, r) => p + r.ms, 0);
  const sorted = [...rows.values()].sort((a, b) => b.ms - a.ms);
  console.log(`profile: backend=${backend}${flag(argv, '--fast') ? '+fast-kernels' : ''} batch=${batch} seq=${seq}  kernels sum ${total.toFixed(0)} ms, wall (profiled) ${wall.toFixed(0)} ms, load ${loadavg()}`);
  console.log('share   ms      calls  GFLOP/s  kernel inputs');
  for (const r of sorted.slice(0, 25)) {
    const g = r.flops > 0 && r.ms > 0 ? (r.flops / r.ms / 1e6).toFixed(1) : '';
    console.log(`${((100 * r.ms) / total).toFixed(1).padStart(5)}%  ${r.ms.toFixed(1).padStart(7)}  ${String(r.calls).padStart(5)}  ${g.padStart(7)}  ${r.kernel} ${r.shapes}`);
  }
  const byKernel = new Map<string, number>();
  for (const r of sorted) byKernel.set(r.kernel, (byKernel.get(r.kernel) ?? 0) + r.ms);
  console.log('by kernel: ' + [...byKernel].sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${((100 * ms) / total).toFixed(1)}%`).join(', '));
  enc.dispose();
}

function loadavg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}

await main();
