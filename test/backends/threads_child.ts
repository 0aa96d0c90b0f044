// Child process for wasm_threads.test.ts: starts the wasm backend with the thread count in argv[2]
// ('stock' = plain tf.setBackend('wasm')), encodes a model's golden sentences twice and prints one
// JSON line: the thread count tfjs reports, tf.memory().numTensors after each encode, and the
// embeddings' float32 bits as hex. argv[3]: a tiny fixture model name, or 'real' for
// all-MiniLM-L6-v2 on the first 128 STSb test sentences. It never calls process.exit: the parent
// checks that the process ends by itself (the pthread workers must not hold it open).
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { useWasmThreads } from '../../src/backends/node_wasm_threads.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { loadGoldens, loadRealGoldens, REAL_MODEL_DIR, tinyModelDir, type TinyModelName } from '../helpers/goldens.js';

const threads = process.argv[2] ?? 'stock';
const name = process.argv[3] ?? 'tiny-bert';
if (threads === 'stock') await tf.setBackend('wasm');
else await useWasmThreads(Number(threads));
const real = name === 'real';
const dir = real ? REAL_MODEL_DIR : tinyModelDir(name as TinyModelName);
const sentences = real ? loadRealGoldens().meta.sentences.slice(0, 128) : loadGoldens(name as TinyModelName).meta.sentences;
const model = await SentenceTransformer.fromSource(nodeSource(dir));
const numTensors: number[] = [];
let rows: Float32Array[] = [];
for (let i = 0; i < 2; i++) {
  rows = (await model.encode(sentences, { batchSize: 32 })) as Float32Array[];
  numTensors.push(tf.memory().numTensors);
}
const flat = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
let o = 0;
for (const r of rows) { flat.set(r, o); o += r.length; }
model.dispose();
process.stdout.write(`${JSON.stringify({ backend: tf.getBackend(), threads: getThreadsCount(), numTensors, dim: rows[0]!.length, bits: Buffer.from(flat.buffer).toString('hex') })}\n`);
