// One encode worker (Node worker_threads): its own tfjs engine and backend instance and its own
// copy of the model. Receives whole, already-formed batches from EncodePool and encodes each
// as one forward pass, so every row sees exactly the padding and batch it would see in a
// single-threaded SentenceTransformer.encode.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { nodeSource } from '../io/node_file_source.js';
import { useFastKernels } from '../kernels/index.js';
import { SentenceTransformer } from '../pipeline/sentence_transformer.js';
import { tokenLengths } from './batching.js';
import type { WorkerReply, WorkerRequest } from './messages.js';

let model: SentenceTransformer | null = null;
const port = parentPort;
if (port === null) throw new Error('encode_worker.ts must run in a worker thread');

port.on('message', (msg: WorkerRequest) => {
  void handle(msg).then(
    (reply) => port.postMessage(reply, reply.type === 'result' ? [reply.data.buffer as ArrayBuffer] : []),
    (e: unknown) => port.postMessage({ type: 'error', id: 'id' in msg ? msg.id : -1, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply),
  );
});

async function handle(msg: WorkerRequest): Promise<WorkerReply> {
  if (msg.type === 'init') {
    if (msg.fastKernels) useFastKernels();
    await tf.setBackend(msg.backend);
    await tf.ready();
    model = await SentenceTransformer.fromSource(nodeSource(msg.modelDir));
    return { type: 'ready', id: msg.id };
  }
  if (model === null) throw new Error('encode before init');
  if (msg.type === 'lengths') return { type: 'lengths', id: msg.id, lengths: tokenLengths(model, msg.texts) };
  // batchSize = the batch's own length: one forward pass over exactly these texts, whose rows
  // the same sortBy puts in the order encode() gives them (the batch is a slice of that order).
  const rows = (await model.encode(msg.texts, { batchSize: msg.texts.length, normalizeEmbeddings: msg.normalizeEmbeddings, sortBy: msg.sortBy })) as Float32Array[];
  const dim = rows[0]?.length ?? 0;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { type: 'result', id: msg.id, data, dim };
}
