// npm run bench [-- --quick] [--model DIR] [--engines a,b,...] [--memory]   (--engines '' --memory: memory only)
//
// Runs, one after the other in this one command (same machine, same time window, same model,
// same inputs), each engine in its own process so peak RSS is its own:
//   sgemm                 numpy float32 matmul rate on `threads` threads: the compute limit
//   sentence-transformers Python, torch CPU, torch.set_num_threads(threads)
//   transformers.js       onnxruntime-node on an fp32 ONNX export of the same checkpoint
//   sbert-tfjs wasm, wasm-fast, wasm-fast-tok, wasm-fast-x2, wasm-mt, wasm-mt-tok, cpu   (see bench/drivers/sbert_tfjs.ts)
// Prints a table and writes bench/results/<timestamp>.json. No assertions: numbers only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { defaultModelDir, flag, REPO_ROOT, requireModel, stringFlag } from './lib/args.js';
import { readStsbSentences, readStsbTrainSentences } from './lib/corpus.js';
import { fixedInputs } from './lib/tfjs_model.js';
import { median, type BenchSpec, type EngineResult, type FixedWorkload } from './lib/spec.js';
import { buildReport, printReport, type EngineRun } from './lib/report.js';

const argv = process.argv.slice(2);
const quick = flag(argv, '--quick');
const modelDir = stringFlag(argv, '--model', defaultModelDir());
const python = process.env.SBERT_BENCH_PYTHON ?? join(REPO_ROOT, '.venv/bin/python');
const onnxRoot = stringFlag(argv, '--onnx', join(REPO_ROOT, '.cache/onnx'));
const THREADS = 2; // the comparison: the reference and onnxruntime on this machine's 2 cores
const ALL_ENGINES = ['sgemm', 'sentence-transformers', 'transformers.js', 'sbert-tfjs wasm', 'sbert-tfjs wasm-fast', 'sbert-tfjs wasm-fast-tok', 'sbert-tfjs wasm-fast-x2', 'sbert-tfjs wasm-mt', 'sbert-tfjs wasm-mt-tok', 'sbert-tfjs cpu'];
// --engines '' --memory runs the memory measurement alone.
const engines = stringFlag(argv, '--engines', ALL_ENGINES.join(',')).split(',').map((s) => s.trim()).filter((s) => s !== '');
for (const e of engines) if (!ALL_ENGINES.includes(e)) throw new Error(`--engines: unknown "${e}"; known: ${ALL_ENGINES.join(', ')}`);

requireModel(modelDir);
const work = mkdtempSync(join(os.tmpdir(), 'sbert-bench-'));

// Workloads. Fixed shapes: the same token ids for every engine. End to end: STSb test sentences.
const fixedShapes: Array<[number, number, number]> = quick
  ? [[32, 16, 3], [32, 64, 2], [1, 16, 10]]
  : [[32, 16, 5], [32, 64, 3], [32, 128, 3], [1, 16, 20]];
const fixed: FixedWorkload[] = fixedShapes.map(([b, t, rounds]) => ({ name: `${b}x${t}`, input_ids: fixedInputs(b, t).input_ids, rounds }));
const allSentences = readStsbSentences();
const sentences = quick ? allSentences.slice(0, 256) : allSentences;
const sentencesFile = join(work, 'sentences.json');
writeFileSync(sentencesFile, JSON.stringify(sentences));
const e2eName = quick ? `stsb-test-${sentences.length}` : 'stsb-test';
const e2eRounds = quick ? 1 : 2;

function spec(name: string, withFixed: boolean): BenchSpec {
  return {
    modelDir, onnxRoot, onnxModelId: 'all-MiniLM-L6-v2', threads: THREADS,
    fixed: withFixed ? fixed : [],
    e2e: { name: e2eName, sentencesFile, batchSize: 32, rounds: e2eRounds },
    embeddingsOut: join(work, `${name.replace(/[^a-z0-9]+/gi, '_')}.f32`),
  };
}

function ensureOnnx(): void {
  if (existsSync(join(onnxRoot, 'all-MiniLM-L6-v2', 'onnx', 'model.onnx'))) return;
  console.error('bench: exporting the ONNX model for transformers.js (bench/export_onnx.py)…');
  const r = spawnSync(python, [join(REPO_ROOT, 'bench/export_onnx.py'), '--model', modelDir, '--out', join(onnxRoot, 'all-MiniLM-L6-v2')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('bench/export_onnx.py failed');
}

function runEngine(name: string, cmd: string, args: string[], specObj: BenchSpec, after: string[] = []): EngineRun {
  const specFile = join(work, `${name.replace(/[^a-z0-9]+/gi, '_')}.spec.json`);
  writeFileSync(specFile, JSON.stringify(specObj));
  const load_before = os.loadavg();
  const t0 = performance.now();
  console.error(`bench: ${name} … (load ${load_before.map((x) => x.toFixed(2)).join(' ')})`);
  const r = spawnSync(cmd, [...args, specFile, ...after], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const wall_s = (performance.now() - t0) / 1000;
  const load_after = os.loadavg();
  const lines = (r.stdout ?? '').trim().split('\n');
  let result: EngineResult | null = null;
  try {
    result = JSON.parse(lines[lines.length - 1] ?? '') as EngineResult;
  } catch {
    const tail = (r.stderr ?? '').trim().split('\n').slice(-5).join('\n');
    console.error(`bench: ${name} failed (exit ${r.status}):\n${tail}`);
  }
  return { name, result, wall_s, load_before, load_after, embeddingsFile: specObj.embeddingsOut, error: result === null ? `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` : undefined };
}

const tsx = [process.execPath, '--import', 'tsx'];
const runs: EngineRun[] = [];
const outDir = join(REPO_ROOT, 'bench/results');
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
/** Rewrites the JSON after every engine, so a long run interrupted late still leaves its numbers. */
function save(): ReturnType<typeof buildReport> {
  const report = buildReport({ runs, quick, modelDir, threads: THREADS, e2eName, sentences: sentences.length, median });
  writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  return report;
}
for (const name of engines) {
  if (name === 'sgemm') runs.push(runEngine(name, python, [join(REPO_ROOT, 'bench/reference_bench.py'), 'sgemm'], spec(name, false)));
  else if (name === 'sentence-transformers') runs.push(runEngine(name, python, [join(REPO_ROOT, 'bench/reference_bench.py'), 'st'], spec(name, true)));
  else if (name === 'transformers.js') {
    ensureOnnx();
    runs.push(runEngine(name, tsx[0]!, [...tsx.slice(1), join(REPO_ROOT, 'bench/drivers/transformers_js.ts')], spec(name, true)));
  } else {
    const variant = name.replace('sbert-tfjs ', '');
    const s = spec(name, variant === 'wasm' || variant === 'wasm-fast' || variant === 'wasm-mt' || variant === 'cpu');
    const driver = join(REPO_ROOT, 'bench/drivers/sbert_tfjs.ts');
    runs.push(runEngine(name, tsx[0]!, [...tsx.slice(1), driver], s, [variant]));
  }
  save();
}

// Memory target: peak RSS while encoding 10,000 sentences (one cold run, the fastest path:
// wasm-mt-tok's 2 threads, fast kernels, token batches). bench/memory.ts runs compiled under
// plain node, since tsx's loader would add ~45 MB that is not the library's.
if (flag(argv, '--memory')) {
  const tenK = readStsbTrainSentences(10_000);
  const f = join(work, 'sentences10k.json');
  writeFileSync(f, JSON.stringify(tenK));
  const s: BenchSpec = { modelDir, onnxRoot, onnxModelId: 'all-MiniLM-L6-v2', threads: THREADS, fixed: [], e2e: { name: 'memory-10k', sentencesFile: f, batchSize: 32, rounds: 0 } };
  const tsc = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(REPO_ROOT, 'bench/tsconfig.memory.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('bench: compiling bench/memory.ts (bench/tsconfig.memory.json) failed');
  // Both thread counts (the threaded build's 8 pthread workers cost ~75 MB of RSS by themselves),
  // with encode's tokenBudget of 1024 tokens per forward pass (src/pipeline/batches.ts).
  const memArgs = ['--fast', '--token-budget', '1024'];
  runs.push(runEngine('sbert-tfjs wasm-fast-tok memory-10k', process.execPath, [join(REPO_ROOT, '.cache/bench-build/bench/memory.js')], s, ['--threads', '1', ...memArgs]));
  runs.push(runEngine('sbert-tfjs wasm-mt-tok memory-10k', process.execPath, [join(REPO_ROOT, '.cache/bench-build/bench/memory.js')], s, ['--threads', '2', ...memArgs]));
}

printReport(save());
console.log(`\nbench: wrote ${outFile}`);
rmSync(work, { recursive: true, force: true });
