// The contract between bench/run.ts and each engine driver (a separate process, so that peak
// RSS is per engine): a spec file in, one JSON result line out (the last line of stdout).

export interface FixedWorkload {
  /** e.g. "32x16" */
  name: string;
  /** [batch][seq] token ids, the same for every engine; attention mask all ones, token types 0. */
  input_ids: number[][];
  rounds: number;
}

export interface E2eWorkload {
  name: string;
  /** JSON array of strings. */
  sentencesFile: string;
  batchSize: number;
  rounds: number;
}

export interface BenchSpec {
  modelDir: string;
  /** transformers.js: folder whose child `all-MiniLM-L6-v2/` has config.json, tokenizer files, onnx/model.onnx. */
  onnxRoot: string;
  onnxModelId: string;
  threads: number;
  fixed: FixedWorkload[];
  e2e: E2eWorkload | null;
  /** Where the driver writes the e2e embeddings (float32, row-major, input order). */
  embeddingsOut?: string;
}

export interface WorkloadResult {
  times_s: number[];
  items: number;
  tokens?: number;
}

export interface EngineResult {
  engine: string;
  version: string;
  threads: number;
  load_s?: number;
  workloads: Record<string, WorkloadResult>;
  peak_rss_mb: number;
  /** Workloads the engine could not run, with the reason. */
  skipped?: Record<string, string>;
  notes?: string[];
  /** bench/memory.ts: memory at each phase of the run. */
  phases?: MemoryPhase[];
}

/** One sample of bench/memory.ts (MB = 2^20 bytes). */
export interface MemoryPhase {
  /** start, imports, backend, load, first-batch, end */
  phase: string;
  t_s: number;
  rss_mb: number;
  /** process.resourceUsage().maxRSS: the peak so far (at "load": the load peak). */
  max_rss_mb: number;
  /** V8's ArrayBuffers outside the JS heap (file bytes, typed arrays); wasm memories are not in it. */
  array_buffers_mb: number;
  js_heap_mb: number;
  /** tfjs-backend-wasm's linear memory (it never shrinks); null before the backend starts. */
  wasm_heap_mb: number | null;
  /** src/kernels' own linear memories (operand copies; they grow and never shrink). */
  kernel_memory_mb: number;
  tensors: number | null;
  /** Bytes of live tensors (tf.memory().numBytes: a reshape counts again though it shares its input's buffer). */
  tensor_mb: number | null;
  /** Bytes of the wasm backend's live tensor buffers (each counted once). */
  buffers_mb: number | null;
  /** The most buffer bytes alive at once so far: against the heap's growth, what is not fragmentation. */
  peak_buffers_mb: number | null;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Peak resident set size of this process so far. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024; // KiB -> MiB
}

/**
 * Times `fn` `rounds` times after one untimed warm-up (`warmup`, default `fn` itself: end to end
 * warms up on a few batches only); rounds 0 = one cold, timed run (memory runs).
 */
export async function timed(fn: () => unknown, rounds: number, warmup: () => unknown = fn): Promise<number[]> {
  if (rounds === 0) {
    const t0 = performance.now();
    await fn();
    return [(performance.now() - t0) / 1000];
  }
  await warmup();
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

/** Prints the result as the last stdout line (what run.ts parses). */
export function emit(result: EngineResult): void {
  process.stdout.write('\n' + JSON.stringify(result) + '\n');
}
