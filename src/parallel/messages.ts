// Messages between EncodePool (main thread) and encode_worker.ts.

export type WorkerRequest =
  | { type: 'init'; id: number; modelDir: string; backend: 'wasm' | 'cpu'; fastKernels: boolean }
  | { type: 'encode'; id: number; texts: string[]; normalizeEmbeddings: boolean };

export type WorkerReply =
  | { type: 'ready'; id: number }
  | { type: 'result'; id: number; data: Float32Array; dim: number } // data: [texts, dim] row-major
  | { type: 'error'; id: number; message: string };
