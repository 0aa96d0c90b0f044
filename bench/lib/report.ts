// Turns the engines' raw timings into the bench report: medians, min/max, throughput, GFLOP/s
// and share of the sgemm limit, ratios of each sbert-tfjs configuration to each peer, the
// issue's targets, and how far each engine's e2e embeddings are from sentence-transformers'.
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import type { EngineResult } from './spec.js';

export interface EngineRun {
  name: string;
  result: EngineResult | null;
  wall_s: number;
  load_before: number[];
  load_after: number[];
  embeddingsFile?: string;
  error?: string;
}

export interface WorkloadStats {
  rounds: number;
  median_s: number;
  min_s: number;
  max_s: number;
  items: number;
  /** items (sentences) per second at the median */
  per_s: number;
  latency_ms?: number;
  gflops?: number;
  frac_of_limit?: number;
}

interface ReportInput {
  runs: EngineRun[];
  quick: boolean;
  modelDir: string;
  threads: number;
  e2eName: string;
  sentences: number;
  median: (xs: readonly number[]) => number;
}

interface ModelDims { layers: number; hidden: number; ffn: number }

function dims(modelDir: string): ModelDims {
  const c = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as Record<string, number>;
  return { layers: c.num_hidden_layers ?? 6, hidden: c.hidden_size ?? 384, ffn: c.intermediate_size ?? 1536 };
}

/** FLOPs of one encoder forward on [b, t]: dense layers 2·(4H² + 2HF) per token per layer, attention 4·t·H. */
export function forwardFlops(b: number, t: number, d: ModelDims): number {
  const dense = 2 * (4 * d.hidden * d.hidden + 2 * d.hidden * d.ffn);
  const attention = 4 * t * d.hidden;
  return b * t * d.layers * (dense + attention);
}

function readF32(file: string | undefined): Float32Array | null {
  if (file === undefined || !existsSync(file)) return null;
  const b = readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

export function buildReport(input: ReportInput) {
  const d = dims(input.modelDir);
  const sgemm = input.runs.find((r) => r.name === 'sgemm')?.result as (EngineResult & { gflops?: number; gflops_by_shape?: Record<string, number> }) | undefined;
  const limit = sgemm?.gflops;
  const reference = readF32(input.runs.find((r) => r.name === 'sentence-transformers')?.embeddingsFile);

  const engines = input.runs.filter((r) => r.name !== 'sgemm').map((r) => {
    const workloads: Record<string, WorkloadStats> = {};
    for (const [name, w] of Object.entries(r.result?.workloads ?? {})) {
      const med = input.median(w.times_s);
      const st: WorkloadStats = {
        rounds: w.times_s.length, median_s: med, min_s: Math.min(...w.times_s), max_s: Math.max(...w.times_s),
        items: w.items, per_s: w.items / med,
      };
      const m = /^(\d+)x(\d+)$/.exec(name);
      if (m !== null) {
        const [b, t] = [Number(m[1]), Number(m[2])];
        st.gflops = forwardFlops(b, t, d) / med / 1e9;
        if (limit !== undefined) st.frac_of_limit = st.gflops / limit;
        if (b === 1) st.latency_ms = med * 1000;
      }
      workloads[name] = st;
    }
    const emb = readF32(r.embeddingsFile);
    let maxAbsVsReference: number | undefined;
    if (emb !== null && reference !== null && emb.length === reference.length && r.name !== 'sentence-transformers') {
      maxAbsVsReference = 0;
      for (let i = 0; i < emb.length; i++) maxAbsVsReference = Math.max(maxAbsVsReference, Math.abs(emb[i]! - reference[i]!));
    }
    return {
      name: r.name, version: r.result?.version, threads: r.result?.threads, load_s: r.result?.load_s,
      peak_rss_mb: r.result?.peak_rss_mb, wall_s: r.wall_s, loadavg_before: r.load_before, loadavg_after: r.load_after,
      workloads, skipped: r.result?.skipped, error: r.error,
      ...(r.result?.phases === undefined ? {} : { memory_phases: r.result.phases }),
      ...(maxAbsVsReference === undefined ? {} : { e2e_max_abs_vs_sentence_transformers: maxAbsVsReference }),
    };
  });

  const peers = ['transformers.js', 'sentence-transformers'];
  const ratios: Record<string, Record<string, Record<string, number>>> = {};
  for (const e of engines.filter((x) => x.name.startsWith('sbert-tfjs'))) {
    ratios[e.name] = {};
    for (const [w, s] of Object.entries(e.workloads)) {
      const row: Record<string, number> = {};
      for (const p of peers) {
        const ps = engines.find((x) => x.name === p)?.workloads[w];
        if (ps !== undefined) row[`throughput_vs_${p}`] = s.per_s / ps.per_s;
      }
      if (s.frac_of_limit !== undefined) row.frac_of_sgemm_limit = s.frac_of_limit;
      ratios[e.name]![w] = row;
    }
  }

  const modelBytes = existsSync(join(input.modelDir, 'model.safetensors')) ? readFileSync(join(input.modelDir, 'model.safetensors')).byteLength : NaN;
  const best = (w: string) => engines.filter((x) => x.name.startsWith('sbert-tfjs') && x.workloads[w] !== undefined)
    .sort((a, b) => b.workloads[w]!.per_s - a.workloads[w]!.per_s)[0];
  const get = (name: string, w: string) => engines.find((x) => x.name === name)?.workloads[w];
  const bestE2e = best(input.e2eName);
  const best128 = best('32x128');
  const bestB1 = best('1x16');
  // The lowest peak among the memory runs (1 and 2 threads).
  const mem = engines.filter((x) => x.name.includes('memory-10k')).sort((a, b) => (a.peak_rss_mb ?? Infinity) - (b.peak_rss_mb ?? Infinity))[0];
  const targets = {
    e2e_vs_transformers_js: { target: 1.0, engine: bestE2e?.name, value: ratio(bestE2e?.workloads[input.e2eName]?.per_s, get('transformers.js', input.e2eName)?.per_s) },
    e2e_vs_sentence_transformers: { target: 1.5, engine: bestE2e?.name, value: ratio(bestE2e?.workloads[input.e2eName]?.per_s, get('sentence-transformers', input.e2eName)?.per_s) },
    fixed_32x128_frac_of_limit: { target: 0.5, engine: best128?.name, value: best128?.workloads['32x128']?.frac_of_limit },
    b1_latency_vs_onnxruntime: { target_at_most: 2.0, engine: bestB1?.name, value: ratio(bestB1?.workloads['1x16']?.latency_ms, get('transformers.js', '1x16')?.latency_ms) },
    peak_rss_10k_mb: { target_at_most: 1.5 * modelBytes / 2 ** 20 + 200, engine: mem?.name, value: mem?.peak_rss_mb, note: mem === undefined ? 'run with --memory' : undefined },
  };

  return {
    timestamp: new Date().toISOString(),
    quick: input.quick,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, note: 'shared machine: other processes ran alongside; see loadavg per engine' },
    model: input.modelDir,
    threads_for_peers: input.threads,
    sentences_e2e: input.sentences,
    sgemm_limit_gflops: limit, sgemm_by_shape: sgemm?.gflops_by_shape, sgemm_version: sgemm?.version,
    engines, ratios, targets,
  };
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}

export type Report = ReturnType<typeof buildReport>;

export function printReport(r: Report): void {
  const workloads = [...new Set(r.engines.flatMap((e) => Object.keys(e.workloads)))];
  const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
  console.log(`\nsgemm limit: ${fmt(r.sgemm_limit_gflops)} GFLOP/s (${r.sgemm_version ?? 'not measured'}) on ${r.machine.cpus} cores: ${r.machine.cpu}`);
  console.log('throughput in sentences/s (median; min–max of per-round rates), latency in ms for batch 1; [% of sgemm limit]');
  const head = ['engine'.padEnd(36), ...workloads.map((w) => w.padStart(22)), 'RSS MB'.padStart(8), 'load'.padStart(10)];
  console.log(head.join(' '));
  for (const e of r.engines) {
    const cells = workloads.map((w) => {
      const s = e.workloads[w];
      if (s === undefined) return (e.skipped?.[w] !== undefined ? 'skipped' : '—').padStart(22);
      const main = s.latency_ms !== undefined ? `${fmt(s.latency_ms)} ms` : `${fmt(s.per_s)}/s`;
      const range = s.latency_ms !== undefined ? `${fmt(s.min_s * 1000)}–${fmt(s.max_s * 1000)}` : `${fmt(s.items / s.max_s)}–${fmt(s.items / s.min_s)}`;
      const lim = s.frac_of_limit !== undefined ? ` [${fmt(100 * s.frac_of_limit, 0)}%]` : '';
      return `${main} ${range}${lim}`.padStart(22);
    });
    console.log([e.name.padEnd(36), ...cells, fmt(e.peak_rss_mb, 0).padStart(8), fmt(e.loadavg_before[0], 2).padStart(10)].join(' '));
    if (e.error !== undefined) console.log(`    error: ${e.error}`);
    for (const [w, why] of Object.entries(e.skipped ?? {})) console.log(`    ${w}: ${why}`);
    if ('e2e_max_abs_vs_sentence_transformers' in e) console.log(`    e2e embeddings max |Δ| vs sentence-transformers: ${(e.e2e_max_abs_vs_sentence_transformers as number).toExponential(2)}`);
  }
  console.log('\nratios (sbert-tfjs throughput / peer throughput):');
  for (const [eng, byW] of Object.entries(r.ratios)) {
    console.log(`  ${eng}: ` + Object.entries(byW).map(([w, row]) => `${w} ` + Object.entries(row).map(([k, v]) => `${k.replace('throughput_vs_', 'vs ')}=${fmt(v, 2)}`).join(' ')).join('; '));
  }
  console.log('\ntargets:');
  for (const [k, t] of Object.entries(r.targets)) {
    const goal = 'target' in t ? `≥ ${t.target}` : `≤ ${fmt((t as { target_at_most: number }).target_at_most, 1)}`;
    const v = t.value;
    const met = v === undefined ? 'not measured' : ('target' in t ? v >= t.target : v <= (t as { target_at_most: number }).target_at_most) ? 'MET' : 'not met';
    console.log(`  ${k.padEnd(30)} ${fmt(v, 3).padStart(8)}  (${goal}; ${t.engine ?? '—'}) ${met}`);
  }
}
