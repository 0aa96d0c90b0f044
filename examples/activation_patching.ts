// Activation patching with hooks by checkpoint name (src/research/hooks.ts): which layer and
// token carry the difference between two texts?
//
//   npx tsx examples/activation_patching.ts [modelDir] [--clean "..."] [--corrupt "..."]
//
// 1. Run the clean text and capture every layer's output.
// 2. Run the corrupted text (same number of tokens) once per (layer, token), with that layer's output
//    at that token replaced by the clean run's.
// 3. Print how far each patch moves the corrupted text's embedding towards the clean one:
//    (sim(patched, clean) − sim(corrupt, clean)) / (1 − sim(corrupt, clean)); 1 = fully restored.
// Default model: the tiny BERT fixture; with `npm run fetch-model`, try .cache/models/all-MiniLM-L6-v2.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nodeSource } from '../src/io/node_file_source.js';
import { SentenceTransformer } from '../src/pipeline/sentence_transformer.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const dir = process.argv[2] !== undefined && !process.argv[2].startsWith('--') ? process.argv[2] : 'test/fixtures/models/tiny-bert';
const clean = option('clean', 'The cat sat on the mat.');
const corrupt = option('corrupt', 'The dog sat on the mat.');
await tf.setBackend('cpu');
const model = await SentenceTransformer.fromSource(nodeSource(dir));
const depth = model.transformer.encoder.layers.length;
const tokens = model.transformer.tokenize([clean, corrupt]);
const [n1, n2] = tokens.attention_mask.map((r) => r.reduce((a, b) => a + b, 0));
if (n1 !== n2) throw new Error(`the texts must have the same number of tokens (${n1} vs ${n2})`);

const embed = (text: string): tf.Tensor2D => tf.tidy(() => model.forwardBatch([text]).sentence_embedding!);
const cos = (a: tf.Tensor2D, b: tf.Tensor2D): number => tf.tidy(() => tf.sum(tf.mul(tf.div(a, tf.norm(a)), tf.div(b, tf.norm(b)))).dataSync()[0]!);

// 1. The clean run, every layer's output kept ("layers.i" is any architecture's layer i).
const names = Array.from({ length: depth }, (_, i) => `layers.${i}`);
const capture = model.capture(names);
const target = embed(clean);
capture.remove();
const cleanHidden = names.map((n) => (capture.outputs.get(n)![0] as { hidden: tf.Tensor3D }).hidden);   // each [1, T, H]

const corrupted = embed(corrupt);
const base = cos(corrupted, target);
console.log(`${dir}\nclean   "${clean}"\ncorrupt "${corrupt}"\nsim(corrupt, clean) = ${base.toFixed(4)}\n`);

// 2 + 3. One patched run per (layer, token).
const labels = model.transformer.tokenize([corrupt]).input_ids[0]!.map((id) => model.transformer.tokenizer.idToToken(id) ?? String(id));
const width = Math.max(8, ...labels.map((t) => t.length));
console.log(`${'layer'.padEnd(6)}${labels.map((t) => t.padStart(width + 1)).join('')}`);
for (let layer = 0; layer < depth; layer++) {
  const row: number[] = [];
  for (let t = 0; t < labels.length; t++) {
    const handle = model.hook(`layers.${layer}`, {
      onOutput: (out) => {
        const o = out as { hidden: tf.Tensor3D; probs: tf.Tensor4D };
        const T = o.hidden.shape[1];
        const at = tf.reshape(tf.oneHot(tf.tensor1d([t], 'int32'), T), [1, T, 1]);   // [1, T, 1]: 1 at token t
        return { ...o, hidden: tf.add(tf.mul(at, cleanHidden[layer]!), tf.mul(tf.sub(1, at), o.hidden)) };
      },
    });
    const patched = embed(corrupt);
    handle.remove();
    row.push((cos(patched, target) - base) / (1 - base));
    patched.dispose();
  }
  console.log(`${String(layer).padEnd(6)}${row.map((v) => v.toFixed(3).padStart(width + 1)).join('')}`);
}
tf.dispose([target, corrupted]);
capture.dispose();
model.dispose();
