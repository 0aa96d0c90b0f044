// sbert-tfjs on tfjs-backend-webgpu in Node (Dawn via the npm package `webgpu`), for the GPU
// comparison beside sentence-transformers on torch CUDA (st_cuda_bench.py). Runs from the payload
// that bench/gpu/make_payload.sh builds (.gpu/bench.mjs is this file bundled):
//
//   node .gpu/bench.mjs [--backend webgpu|wasm|cpu] [--quick] [--payload DIR] [--fixtures DIR]
//                       [--out FILE] [--model-out DIR] [--dawn OPTION]... [--webgpu-dir DIR] [--wasm-dir DIR]
//
// 1. parity: the tiny fixture models against their sentence-transformers goldens (max |Δ|);
// 2. speed on all-MiniLM-L6-v2's exact config and tokenizer with random weights (written to
//    --model-out, default /tmp/sbert-gpu-minilm, which st_cuda_bench.py then loads too):
//    fixed [B, T] encoder forwards (readback of last_hidden_state with `await data()`: the webgpu
//    backend cannot dataSync in Node, it needs an OffscreenCanvas) and SentenceTransformer.encode
//    on every STSb test sentence, batch 32.
// --backend wasm/cpu run the same bundle on the CPU (the local check of this script).
// Exit codes: 0 done; 2 no WebGPU adapter / backend did not start; 1 anything else.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { AnyEncoder } from '../../src/architectures/registry.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { installDawn, NoAdapterError, releaseDawn, type AdapterReport } from './dawn_node.js';
import { quickInputs, type GpuInputs } from './inputs.js';
import { median, timed } from '../lib/spec.js';
import { ATOL, tinyParity, TINY_MODELS, type ParityResult } from './parity.js';
import { writeRandomModel, type TensorSpec } from './random_model.js';

// ---- arguments -------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(name);
const opt = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const BACKENDS = ['webgpu', 'wasm', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];
const backend = opt('--backend', 'webgpu') as Backend;
if (!BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}`);
const quick = flag('--quick');
// Bundled: this file is <payload>/bench.mjs. Run from source (tsx): bench/gpu/ -> <repo>/.gpu.
const here = dirname(fileURLToPath(import.meta.url));
const payload = resolve(opt('--payload', basename(fileURLToPath(import.meta.url)) === 'bench.mjs' ? here : join(here, '../../.gpu')));
const repoRoot = resolve(payload, '..');
const fixturesDir = resolve(opt('--fixtures', join(repoRoot, 'test/fixtures')));
const modelOut = resolve(opt('--model-out', '/tmp/sbert-gpu-minilm'));
const outFile = resolve(opt('--out', join(process.env['OUT'] ?? join(payload, 'out'), backend === 'webgpu' ? 'webgpu.json' : `tfjs_${backend}.json`)));
const dawnOptions = argv.flatMap((a, i) => (a === '--dawn' && argv[i + 1] !== undefined ? [argv[i + 1]!] : []));
const WARMUP_FIXED = 3;
/** --tf-flag NAME=VALUE (repeatable): tfjs env flags set before the backend starts, e.g. WEBGPU_CPU_FORWARD=false. */
const tfFlags = argv.flatMap((a, i) => (a === '--tf-flag' && argv[i + 1] !== undefined ? [argv[i + 1]!] : [])).map((kv) => {
  const eq = kv.indexOf('=');
  if (eq <= 0) throw new Error(`--tf-flag wants NAME=VALUE, got "${kv}"`);
  const raw = kv.slice(eq + 1);
  const value: number | boolean | string = raw === 'true' ? true : raw === 'false' ? false : Number.isNaN(Number(raw)) ? raw : Number(raw);
  return [kv.slice(0, eq), value] as const;
});

function readBuildInfo(): unknown {
  try {
    return JSON.parse(readFileSync(join(payload, 'build.json'), 'utf8')) as unknown;
  } catch {
    return null;
  }
}

// ---- result record, saved after every stage so a timeout still leaves numbers ----------------
interface Workload { times_s: number[]; median_s: number; items: number; tokens?: number; items_per_s: number; tokens_per_s?: number }
const result = {
  engine: `sbert-tfjs ${backend}`,
  backend,
  tfjs_core: tf.version_core,
  node: process.version,
  quick,
  /** make_payload.sh's build.json: the git revision (and uncommitted files) the bundle was built from. */
  build: readBuildInfo(),
  adapter: null as AdapterReport | null,
  tf_flags: {} as Record<string, unknown>,
  parity: {} as Record<string, ParityResult | { error: string }>,
  model: { config: 'all-MiniLM-L6-v2 config.json + tokenizer.json, random weights N(0, 0.02)', dir: modelOut, params: 0, write_s: 0, load_s: 0 },
  workloads: {} as Record<string, Workload>,
  errors: {} as Record<string, string>,
  notes: [
    'fixed: encoder forward on [B, T] token ids (mask all ones), then await data() of last_hidden_state; median of the timed rounds after warm-up',
    'e2e: SentenceTransformer.encode(sentences, {batchSize}) incl. tokenization, length-sorted batches, mean pooling, Normalize, readback; one untimed full pass first (compiles every padded length)',
  ],
};
function save(): void {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
}
const log = (s: string): void => console.log(`webgpu_bench[${backend}]: ${s}`);

/** bench/lib/spec.ts's timed() with `warmups` untimed calls first. */
function timeRounds(fn: () => Promise<unknown>, rounds: number, warmups: number): Promise<number[]> {
  return timed(fn, rounds, async () => { for (let i = 0; i < warmups; i++) await fn(); });
}

function record(name: string, times: number[], items: number, tokens?: number): void {
  const m = median(times);
  result.workloads[name] = { times_s: times, median_s: m, items, items_per_s: items / m, ...(tokens === undefined ? {} : { tokens, tokens_per_s: tokens / m }) };
  save();
}

// ---- backend ---------------------------------------------------------------------------------
async function startBackend(): Promise<void> {
  if (backend === 'webgpu') {
    result.adapter = await installDawn(resolve(opt('--webgpu-dir', join(payload, 'webgpu'))), dawnOptions);
    log(`adapter: ${JSON.stringify(result.adapter)}`);
    // Dawn can also offer a CPU rasteriser (lavapipe, SwiftShader): its numbers would not be the GPU's.
    if (!/nvidia/i.test(`${result.adapter.vendor} ${result.adapter.description} ${result.adapter.device}`)) {
      log('WARNING: the adapter does not name NVIDIA; pick one with --dawn adapter=NAME (a wrong name lists them)');
    }
    await import('@tensorflow/tfjs-backend-webgpu');
  } else if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries are not in the bundle: point at the package's dist/ folder.
    const dir = resolve(opt('--wasm-dir', join(repoRoot, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')));
    wasm.setWasmPaths(dir + '/');
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  for (const [name, value] of tfFlags) tf.env().set(name, value);
  if (!(await tf.setBackend(backend))) throw new NoAdapterError(`tf.setBackend('${backend}') failed (see the warning above)`);
  await tf.ready();
  for (const f of ['WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', 'WEBGPU_CPU_FORWARD', 'WEBGPU_CPU_HANDOFF_SIZE_THRESHOLD', 'WEBGPU_USE_GLSL', 'WASM_HAS_SIMD_SUPPORT']) {
    try { result.tf_flags[f] = tf.env().get(f); } catch { /* flag of another backend */ }
  }
  log(`tf backend ${tf.getBackend()} ready (tfjs-core ${tf.version_core}, node ${process.version})`);
  save();
}

// ---- workloads -------------------------------------------------------------------------------
async function forward(encoder: AnyEncoder, ids: number[][]): Promise<void> {
  const out = tf.tidy(() => {
    const input_ids = tf.tensor2d(ids, undefined, 'int32');
    const attention_mask = tf.onesLike(input_ids);
    const token_type_ids = tf.zerosLike(input_ids);
    return encoder.forward({ input_ids, attention_mask, token_type_ids }).last_hidden_state;
  });
  await out.data();
  out.dispose();
}

async function main(): Promise<void> {
  const full = JSON.parse(readFileSync(join(payload, 'inputs.json'), 'utf8')) as GpuInputs;
  const inputs = quick ? quickInputs(full) : full;
  await startBackend();

  // 1. parity
  for (const name of TINY_MODELS) {
    try {
      const p = await tinyParity(fixturesDir, name);
      result.parity[name] = p;
      log(`parity ${name}: max|Δ| ${Object.entries(p.max_abs).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')} (tolerance ${ATOL}) ${p.pass ? 'PASS' : 'FAIL'}`);
    } catch (e) {
      result.parity[name] = { error: String(e) };
      log(`parity ${name}: ERROR ${String(e)}`);
    }
    save();
  }

  // 2. the random-weight all-MiniLM-L6-v2
  const specs = JSON.parse(readFileSync(join(payload, 'model', 'weight_shapes.json'), 'utf8')) as TensorSpec[];
  const config = JSON.parse(readFileSync(join(payload, 'model', 'config.json'), 'utf8')) as { initializer_range?: number };
  let t0 = performance.now();
  result.model.params = writeRandomModel(join(payload, 'model'), specs, modelOut, config.initializer_range ?? 0.02);
  result.model.write_s = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const model = await SentenceTransformer.fromSource(nodeSource(modelOut));
  result.model.load_s = (performance.now() - t0) / 1000;
  log(`random-weight model: ${(result.model.params / 1e6).toFixed(1)} M params, written in ${result.model.write_s.toFixed(2)} s, loaded in ${result.model.load_s.toFixed(2)} s`);
  save();

  for (const w of inputs.fixed) {
    const b = w.input_ids.length;
    const t = w.input_ids[0]!.length;
    try {
      const times = await timeRounds(() => forward(model.transformer.encoder, w.input_ids), w.rounds, WARMUP_FIXED);
      record(w.name, times, b, b * t);
      log(`${w.name}: median ${(median(times) * 1000).toFixed(2)} ms over ${w.rounds} rounds`);
    } catch (e) {
      result.errors[w.name] = String(e);
      log(`${w.name}: ERROR ${String(e)}`);
      save();
    }
  }

  // The floor under every timing: one tiny op and its readback (await data()).
  try {
    const x = tf.ones([1, 384]);
    const times = await timeRounds(async () => { const y = tf.add(x, 1); await y.data(); y.dispose(); }, quick ? 10 : 50, WARMUP_FIXED);
    x.dispose();
    record('readback-floor', times, 1);
    log(`readback-floor (add [1,384] + await data()): median ${(median(times) * 1000).toFixed(2)} ms`);
  } catch (e) {
    result.errors['readback-floor'] = String(e);
  }

  const e2e = inputs.e2e;
  const sentences = inputs.stsb_test;
  try {
    let emb: Float32Array[] = [];
    const times = await timeRounds(async () => { emb = await model.encode(sentences, { batchSize: e2e.batchSize }); }, e2e.rounds, 1);
    record(e2e.name, times, sentences.length);
    log(`${e2e.name}: median ${median(times).toFixed(3)} s for ${sentences.length} sentences`);
    // For st_cuda_bench.py: same random weights, so the two GPUs' embeddings can be compared.
    const flat = new Float32Array(emb.length * (emb[0]?.length ?? 0));
    emb.forEach((r, i) => flat.set(r, i * r.length));
    writeFileSync(join(modelOut, `${backend}_${e2e.name}.f32`), new Uint8Array(flat.buffer));
  } catch (e) {
    result.errors[e2e.name] = String(e);
    log(`${e2e.name}: ERROR ${String(e)}`);
  }
  model.dispose();
  save();
  printTable();
}

function printTable(): void {
  const rows = Object.entries(result.workloads).map(([name, w]) => [
    name, (w.median_s * 1000).toFixed(2), w.items_per_s.toFixed(1), w.tokens_per_s === undefined ? '' : w.tokens_per_s.toFixed(0), String(w.times_s.length),
  ]);
  const head = ['workload', 'median ms', 'items/s', 'tokens/s', 'rounds'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  console.log(`\nsbert-tfjs ${backend}${result.adapter === null ? '' : ` on ${result.adapter.description || result.adapter.device || result.adapter.vendor}`}`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const failed = Object.entries(result.parity).filter(([, p]) => !('pass' in p) || !p.pass).map(([n]) => n);
  console.log(`parity (tolerance ${ATOL}): ${failed.length === 0 ? 'all tiny models PASS' : `FAIL/ERROR: ${failed.join(', ')}`}`);
  console.log(`wrote ${outFile}`);
}

try {
  await main();
  releaseDawn();
  process.exit(Object.keys(result.errors).length === 0 ? 0 : 1);
} catch (e) {
  const noGpu = e instanceof NoAdapterError;
  result.errors['fatal'] = String(e);
  save();
  console.error(`webgpu_bench[${backend}]: FAILED: ${noGpu ? (e as Error).message : (e as Error).stack ?? String(e)}`);
  releaseDawn();
  process.exit(noGpu ? 2 : 1);
}
