import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { SentenceTransformer } from '../src/pipeline/sentence_transformer.js';
import { nodeSource } from '../src/io/node_file_source.js';
import { useFastBatchMatMul } from '../src/kernels/batch_matmul.js';
import { readStsbSentences } from './lib/corpus.js';
useFastBatchMatMul();
await tf.setBackend('wasm'); await tf.ready();
const s = readStsbSentences();
const m = await SentenceTransformer.fromSource(nodeSource('/tmp/h8model'));
let t0 = performance.now();
let toks = 0, padded = 0;
const order = s.map((_, i) => i).sort((a, b) => s[b]!.length - s[a]!.length || a - b);
for (let i = 0; i < order.length; i += 32) {
  const b = m.transformer.tokenize(order.slice(i, i + 32).map((k) => s[k]!));
  toks += b.attention_mask.flat().reduce((p, q) => p + q, 0); padded += b.input_ids.length * b.input_ids[0]!.length;
}
console.log('tokenize all', (performance.now() - t0).toFixed(0), 'ms; real tokens', toks, 'padded', padded, 'avg T', (padded / s.length).toFixed(1));
const sub = s.slice(0, 320);
await m.encode(sub.slice(0, 32));
t0 = performance.now();
await m.encode(sub, { batchSize: 32 });
console.log('encode 320', (performance.now() - t0).toFixed(0), 'ms', os());
function os() { return ''; }
