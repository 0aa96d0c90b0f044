// Research example: load an encoder layer by layer, drop its last layers, and look at what one
// attention head does.
//
//   npx tsx examples/research_attention.ts [modelDir] [--layers N] [--head H] [--text "..."]
//
// modelDir is a Sentence-Transformers folder with config.json + model.safetensors + tokenizer
// files (default: the tiny BERT fixture; after `npm run fetch-model`, try .cache/models/all-MiniLM-L6-v2).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readCheckpoint, toFloat32 } from '../src/checkpoint/index.js';
import { DistilBertModel, loadEncoder } from '../src/architectures/index.js';
import { nodeSource } from '../src/io/node_file_source.js';
import { disposeModel, namedParameters, parameterCount } from '../src/nn/parameters.js';
import { loadTokenizer } from '../src/tokenizers/index.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const dir = process.argv[2] !== undefined && !process.argv[2].startsWith('--') ? process.argv[2] : 'test/fixtures/models/tiny-bert';
const text = option('text', 'A man is playing a flute.');
await tf.setBackend('cpu');

// 1. Weights by checkpoint name -> the module tree (nothing is renamed).
const raw = readCheckpoint(new Uint8Array(readFileSync(join(dir, 'model.safetensors'))), 'model.safetensors');
const weights = new Map([...raw].map(([k, t]) => [k, tf.tensor(toFloat32(t), [...t.shape])]));
const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf-8')) as unknown;
const { model, unusedKeys } = loadEncoder(config, weights, { config: 'config.json', weights: 'model.safetensors' });
tf.dispose(unusedKeys.map((k) => weights.get(k)!));                   // the pooler: ours to free
console.log(`${model.constructor.name}: ${parameterCount(model).toLocaleString()} parameters; unused: ${unusedKeys.join(', ') || 'none'}`);
console.log(`first weights: ${namedParameters(model).slice(0, 3).map(([k, t]) => `${k} [${t.shape.join(', ')}]`).join(', ')}`);

// 2. Drop the last layers: the layer list is a plain array.
const layers = model.layers;
const keep = Math.max(1, Math.min(layers.length, Number(option('layers', String(Math.max(1, layers.length - 1))))));
model.layers = layers.slice(0, keep);
console.log(`kept ${keep} of ${layers.length} layers -> ${parameterCount(model).toLocaleString()} parameters`);

// 3. Tokenize and run with attention probabilities.
const tokenizer = await loadTokenizer(nodeSource(dir));
const enc = tokenizer.encode(text);
const T = enc.ids.length;
const out = model.run({
  input_ids: tf.tensor2d([enc.ids], [1, T], 'int32'),
  attention_mask: tf.ones([1, T], 'int32') as tf.Tensor2D,
}, { outputAttentions: true, outputHiddenStates: true });
const heads = out.attentions![keep - 1]!.shape[1];
const head = Math.min(heads - 1, Number(option('head', '0')));
const probs = (await out.attentions![keep - 1]!.array())[0]![head]!;  // [T, T] for this head

// 4. Print the head: each query token, where it looks most, and the whole row.
console.log(`\nlayer ${keep - 1}, head ${head} of ${heads}: "${text}"`);
const width = Math.max(...enc.tokens.map((t) => t.length));
for (const [q, row] of probs.entries()) {
  const top = row.indexOf(Math.max(...row));
  console.log(`${enc.tokens[q]!.padEnd(width)} -> ${enc.tokens[top]!.padEnd(width)} ${row.map((p) => p.toFixed(2)).join(' ')}`);
}
console.log(`hidden states returned: ${out.hidden_states!.length} (= layers kept + 1)`);
tf.dispose(out as unknown as tf.TensorContainer);
disposeModel(model);
