// Messages between EncodePool (main thread) and encode_worker.ts.
import type { SortBy } from '../pipeline/batches.js';

export type WorkerRequest =
  | { type: 'init'; id: number; modelDir: string; backend: 'wasm' | 'cpu'; fastKernels: boolean }
  | { type: 'encode'; id: number; texts: string[]; normalizeEmbeddings: boolean; sortBy: SortBy }
  | { type: 'lengths'; id: number; texts: string[] };

export type WorkerReply =
  | { type: 'ready'; id: number }
  | { type: 'result'; id: number; data: Float32Array; dim: number } // data: [texts, dim] row-major
  | { type: 'lengths'; id: number; lengths: number[] } // token count per text
  | { type: 'error'; id: number; message: string };
