// sbert-tfjs in one configuration per process: npx tsx bench/drivers/sbert_tfjs.ts SPEC VARIANT
//   wasm        stock tfjs-backend-wasm (SIMD, one thread: tfjs turns wasm threads off in Node)
//   wasm-fast   + src/kernels (SIMD BatchMatMul for attention, SIMD Erf for GELU)
//   wasm-fast-tok wasm-fast with token-length batches (src/parallel/batching.ts), end to end only
//   wasm-fast-x2  wasm-fast-tok in a pool of 2 worker_threads (src/parallel), end to end only
//   wasm-mt     wasm-fast with XNNPACK on 2 threads (src/backends/node_wasm_threads.ts)
//   wasm-mt-tok wasm-mt with token-length batches, end to end only
//   cpu         pure-JS backend (only the small fixed workloads: it is ~100x slower)
// Fixed shapes time the encoder forward (H3's loadEncoder) on the spec's token ids; end to end
// times SentenceTransformer.encode (H5's pipeline, default options, batch 32) on the sentences.
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { useWasmThreads } from '../../src/backends/node_wasm_threads.js';
import { useFastKernels } from '../../src/kernels/index.js';
import { emit, peakRssMb, timed, type BenchSpec, type EngineResult } from '../lib/spec.js';
import { forwardOnce, loadTfjsEncoder } from '../lib/tfjs_model.js';

const VARIANTS = ['wasm', 'wasm-fast', 'wasm-fast-tok', 'wasm-fast-x2', 'wasm-mt', 'wasm-mt-tok', 'cpu'] as const;
type Variant = (typeof VARIANTS)[number];

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as BenchSpec;
const variant = process.argv[3] as Variant;
if (!VARIANTS.includes(variant)) throw new Error(`variant must be one of ${VARIANTS.join(', ')}, got ${variant}`);

const backend = variant === 'cpu' ? 'cpu' : 'wasm';
if (variant !== 'wasm' && variant !== 'cpu') useFastKernels();
const MT_THREADS = 2;
const multiThreaded = variant === 'wasm-mt' || variant === 'wasm-mt-tok';
if (multiThreaded) await useWasmThreads(MT_THREADS);
else await tf.setBackend(backend);
await tf.ready();
const coreVersion = tf.version_core;

const result: EngineResult = {
  engine: `sbert-tfjs ${variant}`,
  version: `sbert-tfjs (tfjs-core ${coreVersion}, backend ${backend})`,
  threads: variant === 'wasm-fast-x2' || multiThreaded ? 2 : 1,
  workloads: {},
  peak_rss_mb: 0,
  skipped: {},
};

const E2E_ONLY: readonly Variant[] = ['wasm-fast-tok', 'wasm-fast-x2', 'wasm-mt-tok'];
if (!E2E_ONLY.includes(variant)) {
  const t0 = performance.now();
  const enc = loadTfjsEncoder(spec.modelDir);
  result.load_s = (performance.now() - t0) / 1000;
  for (const w of spec.fixed) {
    const inputs = { input_ids: w.input_ids, attention_mask: w.input_ids.map((r) => r.map(() => 1)) };
    const tokens = w.input_ids.length * w.input_ids[0]!.length;
    if (variant === 'cpu' && tokens > 512) {
      result.skipped![w.name] = 'cpu backend: only workloads up to 512 tokens (it runs ~100x slower than wasm)';
      continue;
    }
    const rounds = variant === 'cpu' ? Math.min(w.rounds, tokens > 64 ? 1 : 3) : w.rounds;
    const times = await timed(() => forwardOnce(enc.model, inputs), rounds);
    result.workloads[w.name] = { times_s: times, items: w.input_ids.length, tokens };
  }
  enc.dispose();
}

if (spec.e2e !== null) {
  const e2e = spec.e2e;
  if (variant === 'cpu') {
    result.skipped![e2e.name] = 'cpu backend: end to end would take ~20 minutes';
  } else {
    try {
      const sentences = JSON.parse(readFileSync(e2e.sentencesFile, 'utf8')) as string[];
      const { encodeFn, close } = await makeEncoder(variant, spec.modelDir);
      let emb: Float32Array[] = [];
      const warm = sentences.slice(0, 2 * e2e.batchSize);
      const times = await timed(async () => { emb = await encodeFn(sentences, e2e.batchSize); }, e2e.rounds, () => encodeFn(warm, e2e.batchSize));
      result.workloads[e2e.name] = { times_s: times, items: sentences.length };
      await close();
      if (spec.embeddingsOut !== undefined) {
        const flat = new Float32Array(emb.length * (emb[0]?.length ?? 0));
        emb.forEach((r, i) => flat.set(r, i * r.length));
        writeFileSync(spec.embeddingsOut, new Uint8Array(flat.buffer));
      }
    } catch (e) {
      result.skipped![e2e.name] = `end to end unavailable: ${(e as Error).message.split('\n')[0]}`;
    }
  }
}

result.peak_rss_mb = peakRssMb();
emit(result);

type EncodeFn = (texts: string[], batchSize: number) => Promise<Float32Array[]>;

/** The library's encode (single thread) or the worker pool (x2); imported lazily so fixed shapes run without them. */
async function makeEncoder(v: Variant, modelDir: string): Promise<{ encodeFn: EncodeFn; close: () => Promise<void> }> {
  if (v === 'wasm-fast-x2') {
    const { EncodePool } = await import('../../src/parallel/encode_pool.js');
    const pool = await EncodePool.create({ modelDir, workers: 2, backend: 'wasm', fastKernels: true });
    return { encodeFn: (texts, batchSize) => pool.encode(texts, { batchSize, sortBy: 'tokens' }), close: () => pool.close() };
  }
  const { SentenceTransformer } = await import('../../src/pipeline/sentence_transformer.js');
  const { nodeSource } = await import('../../src/io/node_file_source.js');
  const model = await SentenceTransformer.fromSource(nodeSource(modelDir));
  if (v === 'wasm-fast-tok' || v === 'wasm-mt-tok') {
    const { encodeBatched } = await import('../../src/parallel/batching.js');
    return { encodeFn: (texts, batchSize) => encodeBatched(model, texts, { batchSize, sortBy: 'tokens' }), close: async () => {} };
  }
  return {
    encodeFn: async (texts, batchSize) => (await model.encode(texts, { batchSize })) as Float32Array[],
    close: async () => { /* process exits */ },
  };
}
