// Interleaved A/B on a noisy machine: alternates configurations round by round in one process,
// so both see the same background load. Usage: npx tsx bench/ab.ts [--model DIR] [--rounds 5]
//   kernels: encoder forward (ABBA order) on 32×16 / 32×64 / 32×128 / 1×16, stock wasm kernels vs useFastKernels()
//   pool:    encode of 512 STSb sentences (token-length batches), 1 thread vs EncodePool(2)
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { nodeSource } from '../src/io/node_file_source.js';
import { restoreStockKernels, useFastKernels } from '../src/kernels/index.js';
import { encodeBatched } from '../src/parallel/batching.js';
import { EncodePool } from '../src/parallel/encode_pool.js';
import { SentenceTransformer } from '../src/pipeline/sentence_transformer.js';
import { defaultModelDir, numberFlag, requireModel, stringFlag } from './lib/args.js';
import { readStsbSentences } from './lib/corpus.js';
import { median } from './lib/spec.js';
import { fixedInputs, forwardOnce, loadTfjsEncoder } from './lib/tfjs_model.js';

const argv = process.argv.slice(2);
const modelDir = stringFlag(argv, '--model', defaultModelDir());
const rounds = numberFlag(argv, '--rounds', 5);
requireModel(modelDir);
await tf.setBackend('wasm');
await tf.ready();
const load = () => os.loadavg()[0]!.toFixed(1);

async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

console.log(`A/B kernels (load ${load()}): encoder forward, median of ${rounds} interleaved rounds`);
const enc = loadTfjsEncoder(modelDir);
for (const [b, t] of [[32, 16], [32, 64], [32, 128], [1, 16]] as const) {
  const inputs = fixedInputs(b, t);
  const times: Record<'stock' | 'fast', number[]> = { stock: [], fast: [] };
  for (const cfg of ['stock', 'fast', 'stock', 'fast'] as const) { // warm-up both twice (JIT, heap growth, GC of the load)
    if (cfg === 'fast') useFastKernels(); else restoreStockKernels();
    forwardOnce(enc.model, inputs);
  }
  for (let r = 0; r < rounds; r++) {
    // ABBA order, so a drift in background load does not favour one side
    for (const cfg of r % 2 === 0 ? (['stock', 'fast'] as const) : (['fast', 'stock'] as const)) {
      if (cfg === 'fast') useFastKernels(); else restoreStockKernels();
      times[cfg].push(await time(() => forwardOnce(enc.model, inputs)));
    }
  }
  const s = median(times.stock);
  const f = median(times.fast);
  console.log(`  ${b}x${t}: stock ${(b / s).toFixed(1)}/s (${(s * 1000).toFixed(0)} ms), fast ${(b / f).toFixed(1)}/s (${(f * 1000).toFixed(0)} ms): ×${(s / f).toFixed(2)}  [load ${load()}]`);
}
enc.dispose();

useFastKernels();
const sentences = readStsbSentences().slice(0, 512);
console.log(`A/B pool (load ${load()}): encode ${sentences.length} STSb sentences, token-length batches of 32, fast kernels`);
const model = await SentenceTransformer.fromSource(nodeSource(modelDir));
const pool = await EncodePool.create({ modelDir, workers: 2, backend: 'wasm', fastKernels: true });
await encodeBatched(model, sentences.slice(0, 64));
await pool.encode(sentences.slice(0, 64), { sortBy: 'tokens' });
const pt: Record<'single' | 'chars' | 'pool', number[]> = { single: [], chars: [], pool: [] };
for (let r = 0; r < Math.max(2, Math.ceil(rounds / 2)); r++) {
  pt.chars.push(await time(() => model.encode(sentences, { batchSize: 32 })));
  pt.single.push(await time(() => encodeBatched(model, sentences, { batchSize: 32, sortBy: 'tokens' })));
  pt.pool.push(await time(() => pool.encode(sentences, { batchSize: 32, sortBy: 'tokens' })));
}
await pool.close();
const n = sentences.length;
const [c, s1, p2] = [median(pt.chars), median(pt.single), median(pt.pool)];
console.log(`  encode (character batches): ${(n / c).toFixed(1)}/s; token batches: ${(n / s1).toFixed(1)}/s (×${(c / s1).toFixed(2)}); EncodePool(2): ${(n / p2).toFixed(1)}/s (×${(s1 / p2).toFixed(2)} over 1 thread)  [load ${load()}]`);
