// The long fuzz run: every parser's target (test/fuzz/targets.ts) for FUZZ_INPUTS mutated inputs
// each (default 100,000; FUZZ_SECONDS caps the time per target), seeded by FUZZ_SEED. Prints a
// table and JSON: inputs, inputs/s, accepted / typed errors, findings (untyped errors, leaks,
// hangs over 5 s), the slowest input, and V8 block coverage (bytes of the parser source files the
// target ran at all, src/{checkpoint,tokenizers,format,io,modules,config,pipeline}).
// Findings are written to .cache/fuzz/<target>-<n>.bin for replay.
//   npm run fuzz            FUZZ_INPUTS=100000 FUZZ_TARGETS=zip,pickle npm run fuzz
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { FuzzReport } from '../test/fuzz/driver.js';

const INPUTS = Number(process.env['FUZZ_INPUTS'] ?? 100_000);
const SECONDS = Number(process.env['FUZZ_SECONDS'] ?? 3600);
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed_2026);
const ONLY = process.env['FUZZ_TARGETS']?.split(',');
const OUT = join(import.meta.dirname, '..', '.cache', 'fuzz');
const PARSER_DIRS = ['/src/checkpoint/', '/src/tokenizers/', '/src/format/', '/src/io/', '/src/modules/', '/src/config/', '/src/pipeline/'];

interface BlockRange { startOffset: number; endOffset: number; count: number }
interface ScriptCoverage { url: string; functions: { ranges: BlockRange[] }[] }

/**
 * Covered / total bytes of source in the parser folders. V8 block coverage nests ranges (a
 * function's blocks inside it, inner functions inside outer ones): applied outer to inner, each
 * range marks its bytes covered (count > 0) or not, and the innermost range decides.
 */
function coverage(result: ScriptCoverage[]): { covered: number; total: number } {
  let covered = 0;
  let total = 0;
  for (const script of result) {
    if (!PARSER_DIRS.some((d) => script.url.includes(d))) continue;
    const ranges = script.functions.flatMap((f) => f.ranges).sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
    const top = ranges[0];
    if (top === undefined) continue;
    const hit = new Uint8Array(top.endOffset - top.startOffset);
    for (const r of ranges) hit.fill(r.count > 0 ? 1 : 0, r.startOffset - top.startOffset, r.endOffset - top.startOffset);
    let c = 0;
    for (const h of hit) c += h;
    if (c === 0) continue; // a file this target never ran
    total += hit.length;
    covered += c;
  }
  return { covered, total };
}

// Coverage starts before the parsers are loaded, so functions never called are counted too.
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
const { fuzzTarget } = await import('../test/fuzz/driver.js');
const { prepareTargets, TARGETS } = await import('../test/fuzz/targets.js');
await tf.setBackend('cpu');
await prepareTargets();
await session.post('Profiler.takePreciseCoverage'); // resets the counts: each target is measured on its own
const rows: (FuzzReport & { coverage: number; findingsWritten: string[]; inputsPerSecond: number })[] = [];
mkdirSync(OUT, { recursive: true });
for (const target of TARGETS) {
  if (ONLY !== undefined && !ONLY.includes(target.name)) continue;
  const report = await fuzzTarget(target, { seed: SEED, maxInputs: INPUTS, maxMs: SECONDS * 1000 });
  const { result } = (await session.post('Profiler.takePreciseCoverage')) as unknown as { result: ScriptCoverage[] };
  const cov = coverage(result);
  const written = report.findings.slice(0, 20).map((f, i) => {
    const path = join(OUT, `${target.name}-${i}.bin`);
    writeFileSync(path, f.input);
    return path;
  });
  rows.push({ ...report, coverage: cov.total === 0 ? 0 : cov.covered / cov.total, findingsWritten: written, inputsPerSecond: report.inputs / report.seconds });
  const r = rows[rows.length - 1]!;
  process.stderr.write(`${target.name}: ${r.inputs} inputs in ${r.seconds.toFixed(0)} s, ${r.findings.length} findings\n`);
}
console.log('| target | inputs | seconds | inputs/s | accepted | typed errors | findings | slowest (ms) | block coverage of parser sources |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.target} | ${r.inputs} | ${r.seconds.toFixed(0)} | ${r.inputsPerSecond.toFixed(0)} | ${r.accepted} | ${r.typed} | ${r.findings.length} | ${r.maxMs.toFixed(0)} | ${(100 * r.coverage).toFixed(1)}% |`);
}
for (const r of rows) for (const f of r.findings.slice(0, 5)) console.log(`finding ${r.target} ${f.kind}: ${f.message}`);
console.log(JSON.stringify({ seed: SEED, rows: rows.map(({ findings, ...r }) => ({ ...r, findings: findings.map((f) => `${f.kind}: ${f.message}`).slice(0, 20) })) }));
