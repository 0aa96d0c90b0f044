// Memory of one process that loads all-MiniLM-L6-v2 and encodes 10,000 STSb train sentences with
// token-length batches (target: peak RSS ≤ 1.5 × model size + 200 MB). Prints, per phase, RSS,
// peak RSS (process.resourceUsage().maxRSS: monotone, so at "load" it is the load peak), the
// tfjs wasm heap (it never shrinks: it is the high-water mark of live tensors plus holes), the
// fast kernels' own wasm memories, and tf.memory(); then one JSON line (bench/run.ts reads it).
//
// Run it compiled, with plain node: tsx's loader alone adds ~45 MB of RSS, which is not the
// library's. bench/tsconfig.memory.json compiles this file with src/ into .cache/bench-build:
//   npx tsc -p bench/tsconfig.memory.json
//   node .cache/bench-build/bench/memory.js [--threads 1|2] [--fast] [--sentences 10000] [--batch 32] [--token-budget N] [--model DIR]
//   --token-budget N: encode's tokenBudget (rows × longest text ≤ N per forward pass)
//   node .cache/bench-build/bench/memory.js SPEC.json --threads 2 --fast     (bench/run.ts --memory)
//
// The kernels' memories are found by watching WebAssembly.Instance: src/kernels instantiates each
// module synchronously (wasm_module.ts lazyKernel) and keeps it private; this only records them.
import { readFileSync } from 'node:fs';

type Tf = typeof import('@tensorflow/tfjs-core');
let tfLoaded: Tf | undefined; // set once imported: phases before that have no backend to ask
let buffers: { readonly live: number; readonly peak: number } | undefined;
const phases: Phase[] = [];
const kernelMemories: WebAssembly.Memory[] = [];
watchWasmInstances(kernelMemories);
const t0 = performance.now();
record('start');

const { flag, numberFlag, stringFlag, defaultModelDir } = await import('./lib/args.js');
const { readStsbTrainSentences } = await import('./lib/corpus.js');
const { emit } = await import('./lib/spec.js');
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');
tfLoaded = tf;
const { useWasmThreads } = await import('../src/backends/node_wasm_threads.js');
const { useFastKernels } = await import('../src/kernels/index.js');
const { nodeSource } = await import('../src/io/node_file_source.js');
const { SentenceTransformer } = await import('../src/pipeline/sentence_transformer.js');
type Spec = import('./lib/spec.js').BenchSpec;
type Result = import('./lib/spec.js').EngineResult;
type Phase = import('./lib/spec.js').MemoryPhase;
record('imports');

const argv = process.argv.slice(2);
const specFile = argv[0]?.endsWith('.json') === true ? argv[0] : undefined;
const spec = specFile === undefined ? undefined : (JSON.parse(readFileSync(specFile, 'utf8')) as Spec);
const threads = numberFlag(argv, '--threads', 1);
const fast = flag(argv, '--fast');
const tokenBudgetArg = numberFlag(argv, '--token-budget', 0);
const tokenBudget = tokenBudgetArg > 0 ? tokenBudgetArg : undefined;
const modelDir = spec?.modelDir ?? stringFlag(argv, '--model', defaultModelDir());
const batchSize = spec?.e2e?.batchSize ?? numberFlag(argv, '--batch', 32);
const sentences: string[] = spec?.e2e != null
  ? (JSON.parse(readFileSync(spec.e2e.sentencesFile, 'utf8')) as string[])
  : readStsbTrainSentences(numberFlag(argv, '--sentences', 10_000));

if (fast) useFastKernels();
const gotThreads = await useWasmThreads(threads);
await tf.ready();
buffers = trackBuffers(tf.backend() as unknown as WasmBackendInternals);
record('backend');

const model = await SentenceTransformer.fromSource(nodeSource(modelDir));
record('load');

// After each batch (encode's onProgress); the first batch (the longest texts: batches go
// longest first) holds the largest temporaries.
let batches = 0;
let heapMaxAfterBatch = 0;
const afterBatch = (): void => {
  batches++;
  heapMaxAfterBatch = Math.max(heapMaxAfterBatch, wasmHeapBytes());
  if (batches === 1) record('first-batch');
};
const t1 = performance.now();
const embeddings = (await model.encode(sentences, { batchSize, sortBy: 'tokens', tokenBudget, onProgress: afterBatch })) as Float32Array[];
const encodeSeconds = (performance.now() - t1) / 1000;
record('end');

const last = phases[phases.length - 1]!;
const loadPhase = phases.find((p) => p.phase === 'load')!;
const summary = {
  model: modelDir, threads: gotThreads, fast, sentences: sentences.length, batch: batchSize, token_budget: tokenBudget ?? null, batches,
  dims: embeddings[0]?.length ?? 0, encode_s: encodeSeconds,
  max_rss_mb: last.max_rss_mb, max_rss_at_load_mb: loadPhase.max_rss_mb,
  wasm_heap_after_load_mb: loadPhase.wasm_heap_mb, wasm_heap_end_mb: last.wasm_heap_mb,
  wasm_heap_max_after_batch_mb: mb(heapMaxAfterBatch), peak_buffers_mb: last.peak_buffers_mb,
  kernel_memory_mb: last.kernel_memory_mb,
  tensor_mb_after_load: loadPhase.tensor_mb,
};
console.error(`memory: ${JSON.stringify(summary)}`);
const result: Result & { memory: typeof summary } = {
  engine: `sbert-tfjs memory (wasm, ${gotThreads} thread${gotThreads === 1 ? '' : 's'}${fast ? ', fast kernels' : ''}, token batches${tokenBudget === undefined ? '' : `, token budget ${tokenBudget}`})`,
  version: `sbert-tfjs (tfjs-core ${tf.version_core}, backend wasm, plain node ${process.version})`,
  threads: gotThreads,
  load_s: (loadPhase.t_s - phases.find((p) => p.phase === 'backend')!.t_s),
  workloads: { [spec?.e2e?.name ?? `memory-${sentences.length}`]: { times_s: [encodeSeconds], items: sentences.length } },
  peak_rss_mb: last.max_rss_mb,
  memory: summary,
  phases,
};
emit(result);

function mb(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/** The wasm backend's heap size, or 0 before it starts. */
function wasmHeapBytes(): number {
  if (tfLoaded === undefined || tfLoaded.getBackend() !== 'wasm') return 0;
  const b = tfLoaded.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
  return b.wasm.HEAPU8.buffer.byteLength;
}

function record(phase: string): void {
  const m = process.memoryUsage();
  const started = tfLoaded !== undefined && tfLoaded.getBackend() === 'wasm';
  const mem = started ? tfLoaded!.memory() : null;
  const p: Phase = {
    phase,
    t_s: Math.round((performance.now() - t0) / 10) / 100,
    rss_mb: mb(m.rss),
    max_rss_mb: mb(process.resourceUsage().maxRSS * 1024),
    array_buffers_mb: mb(m.arrayBuffers),
    js_heap_mb: mb(m.heapUsed),
    wasm_heap_mb: started ? mb(wasmHeapBytes()) : null,
    kernel_memory_mb: mb(kernelMemories.reduce((s, k) => s + k.buffer.byteLength, 0)),
    tensors: mem?.numTensors ?? null,
    tensor_mb: mem === null ? null : mb(mem.numBytes),
    buffers_mb: started && buffers !== undefined ? mb(buffers.live) : null,
    peak_buffers_mb: started && buffers !== undefined ? mb(buffers.peak) : null,
  };
  phases.push(p);
  console.error(`memory: ${phase.padEnd(12)} rss ${p.rss_mb} MB, max ${p.max_rss_mb} MB, wasm heap ${p.wasm_heap_mb ?? '—'} MB, ` +
    `kernels ${p.kernel_memory_mb} MB, tensors ${p.tensors ?? '—'} (${p.tensor_mb ?? '—'} MB; buffers ${p.buffers_mb ?? '—'} MB, peak ${p.peak_buffers_mb ?? '—'} MB), array buffers ${p.array_buffers_mb} MB, js heap ${p.js_heap_mb} MB`);
}

/** The parts of tfjs-backend-wasm's BackendWasm (dist/backend_wasm.js) the buffer tracker wraps. */
interface WasmBackendInternals {
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  disposeData(dataId: object, force?: boolean): boolean;
  dataIdMap: { has(dataId: object): boolean };
}

/**
 * Bytes of the wasm backend's live tensor buffers, and their peak. tf.memory().numBytes counts
 * every tensor, so a reshape (which shares its input's buffer) counts twice; this counts buffers:
 * allocated in move() (every write and kernel output), freed when disposeData drops the entry.
 */
function trackBuffers(backend: WasmBackendInternals): { readonly live: number; readonly peak: number } {
  const sizes = new Map<object, number>();
  const state = { live: 0, peak: 0 };
  const move = backend.move.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    move(dataId, values, shape, dtype, refCount);
    if (dtype === 'string') return;
    const n = shape.reduce((p, d) => p * d, 1) * (dtype === 'bool' ? 1 : dtype === 'complex64' ? 8 : 4);
    sizes.set(dataId, n);
    state.live += n;
    state.peak = Math.max(state.peak, state.live);
  };
  const disposeData = backend.disposeData.bind(backend);
  backend.disposeData = (dataId, force) => {
    const r = disposeData(dataId, force);
    const n = sizes.get(dataId);
    if (n !== undefined && !backend.dataIdMap.has(dataId)) {
      sizes.delete(dataId);
      state.live -= n;
    }
    return r;
  };
  return state;
}

/** Records the exported memory of every module instantiated synchronously from here on. */
function watchWasmInstances(into: WebAssembly.Memory[]): void {
  const Base = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Base, {
    construct(target, args: [WebAssembly.Module, WebAssembly.Imports?]) {
      const instance = new target(...args);
      const memory = instance.exports['memory'];
      if (memory instanceof WebAssembly.Memory) into.push(memory);
      return instance;
    },
  });
}
