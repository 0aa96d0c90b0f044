// Data-parallel encode over Node worker_threads: tfjs runs wasm single-threaded in Node, so the
// second core is only reachable with a second engine. Each worker holds its own backend and
// model copy (weights are not shared: tfjs tensors live in each worker's own wasm heap).
//
// Exactness: the pool forms batches exactly as SentenceTransformer.encode does (the same
// planBatches of pipeline/batches.ts) and a worker runs each batch as one forward pass with the
// same sortBy, so every text gets the same padding, batch, row and kernels as in single-threaded
// encode: identical embeddings.
// Workers pull batches from a shared queue (longest first), which balances the load.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArgumentError } from '../errors.js';
import { checkSortBy, checkTokenBudget, planBatches, type SortBy } from '../pipeline/batches.js';
import type { WorkerReply, WorkerRequest } from './messages.js';

export interface EncodePoolOptions {
  /** A sentence-transformers model folder on disk. */
  modelDir: string;
  /** Worker count (default 2: one per core on the machines we target). */
  workers?: number;
  backend?: 'wasm' | 'cpu';
  /** Install src/kernels' SIMD BatchMatMul in each worker (wasm only). Default true. */
  fastKernels?: boolean;
}

export interface PoolEncodeOptions {
  batchSize?: number;
  normalizeEmbeddings?: boolean;
  /** As encode's sortBy: 'characters' (default) or 'tokens' (less padding, pipeline/batches.ts). Either way the same bits as encode with the same options. */
  sortBy?: SortBy;
  /** At most this many padded tokens per forward pass (pipeline/batches.ts formBatches): bounds each worker's peak memory. */
  tokenBudget?: number;
}

/** Omit distributed over the union's members. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface Pending { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }

class PoolWorker {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(readonly worker: Worker) {
    worker.on('message', (r: WorkerReply) => {
      const p = this.pending.get(r.id);
      if (p === undefined) return;
      this.pending.delete(r.id);
      if (r.type === 'error') p.reject(new Error(`encode worker: ${r.message}`));
      else p.resolve(r);
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => this.failAll(new Error(`encode worker exited with code ${code}`)));
  }

  request(msg: WithoutId<WorkerRequest>): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

/**
 * Starts one worker. From dist it runs the compiled encode_worker.js. From source (tsx, vitest)
 * Node cannot load .ts in a worker by itself and Node 20 ignores `--import` in worker execArgv,
 * so a small bootstrap registers tsx's loader inside the worker first (tsx is a devDependency).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./encode_worker.js', import.meta.url));
  // The ESM build of tsx's API (its CJS build resolves its loader relative to itself and fails here).
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = new URL('./encode_worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

export class EncodePool {
  private constructor(private readonly workers: PoolWorker[]) {}

  static async create(options: EncodePoolOptions): Promise<EncodePool> {
    const n = options.workers ?? 2;
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError('workers', `must be a positive integer, got ${n}`);
    const workers = Array.from({ length: n }, () => new PoolWorker(startWorker()));
    const pool = new EncodePool(workers);
    try {
      await Promise.all(workers.map((w) => w.request({
        type: 'init', modelDir: options.modelDir, backend: options.backend ?? 'wasm', fastKernels: options.fastKernels ?? true,
      })));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sentence embeddings in input order, equal to SentenceTransformer.encode's with the same options. */
  async encode(texts: readonly string[], options: PoolEncodeOptions = {}): Promise<Float32Array[]> {
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);
    const budget = options.tokenBudget;
    checkTokenBudget(budget);
    const sortBy = checkSortBy(options.sortBy);
    const lengths = sortBy === 'tokens' || budget !== undefined ? await this.tokenLengths(texts) : undefined;
    const batches = planBatches(texts, lengths, { batchSize, sortBy, tokenBudget: budget });
    const out = new Array<Float32Array>(texts.length);
    let next = 0;
    const drain = async (w: PoolWorker): Promise<void> => {
      while (next < batches.length) {
        const idx = batches[next++]!;
        const r = await w.request({ type: 'encode', texts: idx.map((i) => texts[i]!), normalizeEmbeddings: options.normalizeEmbeddings ?? false, sortBy });
        if (r.type !== 'result') throw new Error(`encode worker: unexpected reply ${r.type}`);
        idx.forEach((textIndex, row) => { out[textIndex] = r.data.slice(row * r.dim, (row + 1) * r.dim); });
      }
    };
    await Promise.all(this.workers.map(drain));
    return out;
  }

  /** Token counts, tokenized in the workers (each takes an equal share). */
  private async tokenLengths(texts: readonly string[]): Promise<number[]> {
    const share = Math.ceil(texts.length / this.workers.length);
    const parts = await Promise.all(this.workers.map(async (w, i) => {
      const r = await w.request({ type: 'lengths', texts: texts.slice(i * share, (i + 1) * share) });
      if (r.type !== 'lengths') throw new Error(`encode worker: unexpected reply ${r.type}`);
      return r.lengths;
    }));
    return parts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
