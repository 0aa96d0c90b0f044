// Writes the inputs both GPU benches read (run by make_payload.sh here, where the data lives):
//   <out>/inputs.json              fixed workloads (token ids as bench/run.ts makes them), the e2e
//                                  settings and every STSb test sentence (../shared does not travel)
//   <out>/model/weight_shapes.json name, dtype, shape of every tensor of the real checkpoint
// Usage: npx tsx bench/gpu/make_inputs.ts OUT_DIR [--model DIR]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensorsHeader } from '../../src/checkpoint/safetensors.js';
import { defaultModelDir, requireModel, stringFlag } from '../lib/args.js';
import { readStsbSentences } from '../lib/corpus.js';
import { fixedInputs } from '../lib/tfjs_model.js';
import type { GpuInputs } from './inputs.js';
import type { TensorSpec } from './random_model.js';

const argv = process.argv.slice(2);
const outDir = argv[0];
if (outDir === undefined || outDir.startsWith('--')) throw new Error('usage: make_inputs.ts OUT_DIR [--model DIR]');
const modelDir = stringFlag(argv, '--model', defaultModelDir());
requireModel(modelDir);

// The CPU bench's shapes (bench/run.ts) plus 256x128, where a GPU is no longer dispatch-bound.
// Rounds are higher than on the CPU: each GPU round takes milliseconds.
const shapes: Array<[number, number, number]> = [[32, 16, 30], [32, 64, 30], [32, 128, 30], [1, 16, 50], [256, 128, 10]];
const inputs: GpuInputs = {
  fixed: shapes.map(([b, t, rounds]) => ({ name: `${b}x${t}`, rounds, input_ids: fixedInputs(b, t).input_ids })),
  e2e: { name: 'stsb-test', batchSize: 32, rounds: 3 },
  stsb_test: readStsbSentences(),
};
mkdirSync(join(outDir, 'model'), { recursive: true });
writeFileSync(join(outDir, 'inputs.json'), JSON.stringify(inputs));

const header = readSafetensorsHeader(new Uint8Array(readFileSync(join(modelDir, 'model.safetensors'))), 'model.safetensors');
const specs: TensorSpec[] = header.entries.map((e) => {
  if (e.dtype !== 'float32' && e.dtype !== 'int64') throw new Error(`${e.name}: dtype ${e.dtype} not expected in all-MiniLM-L6-v2`);
  return { name: e.name, dtype: e.dtype === 'float32' ? 'F32' : 'I64', shape: e.shape };
});
writeFileSync(join(outDir, 'model', 'weight_shapes.json'), JSON.stringify(specs, null, 1));
console.log(`make_inputs: ${inputs.fixed.length} fixed workloads, ${inputs.stsb_test.length} STSb test sentences, ${specs.length} tensors -> ${outDir}`);
