// Markdown tables from a bench results file, for docs/PERFORMANCE_RESULTS.md:
//   npx tsx bench/results_md.ts bench/results/<timestamp>.json
import { readFileSync } from 'node:fs';
import type { Report } from './lib/report.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: npx tsx bench/results_md.ts bench/results/<timestamp>.json');
const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
const fmt = (x: number | undefined, d = 1) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

const workloads = [...new Set(r.engines.flatMap((e) => Object.keys(e.workloads)))];
console.log(`Run ${r.timestamp}${r.quick ? ' (--quick)' : ''}; sgemm limit ${fmt(r.sgemm_limit_gflops)} GFLOP/s (${r.sgemm_version ?? '—'}, 2 threads).`);
console.log('Sentences per second (median of the timed rounds; min–max in brackets); batch-1 rows in ms; [share of the sgemm limit].\n');
console.log(`| engine | ${workloads.join(' | ')} | peak RSS MB | load avg (1 min) |`);
console.log(`|---|${workloads.map(() => '---').join('|')}|---|---|`);
for (const e of r.engines) {
  const cells = workloads.map((w) => {
    const s = e.workloads[w];
    if (s === undefined) return e.skipped?.[w] !== undefined ? 'skipped' : '—';
    const lim = s.frac_of_limit !== undefined ? ` [${fmt(100 * s.frac_of_limit, 0)}%]` : '';
    if (s.latency_ms !== undefined) return `${fmt(s.latency_ms)} ms (${fmt(s.min_s * 1000)}–${fmt(s.max_s * 1000)})${lim}`;
    return `${fmt(s.per_s)} (${fmt(s.items / s.max_s)}–${fmt(s.items / s.min_s)})${lim}`;
  });
  console.log(`| ${e.name} | ${cells.join(' | ')} | ${fmt(e.peak_rss_mb, 0)} | ${fmt(e.loadavg_before[0], 1)}–${fmt(e.loadavg_after[0], 1)} |`);
}
const diffs = r.engines.filter((e) => 'e2e_max_abs_vs_sentence_transformers' in e);
if (diffs.length > 0) {
  console.log('\nEnd-to-end embeddings, max |Δ| against sentence-transformers\': ' +
    diffs.map((e) => `${e.name} ${(e as { e2e_max_abs_vs_sentence_transformers: number }).e2e_max_abs_vs_sentence_transformers.toExponential(1)}`).join(', ') + '.');
}
console.log('\nRatios (sbert-tfjs throughput ÷ peer throughput, same run):\n');
console.log('| sbert-tfjs | workload | ÷ transformers.js | ÷ sentence-transformers |');
console.log('|---|---|---|---|');
for (const [eng, byW] of Object.entries(r.ratios)) {
  for (const [w, row] of Object.entries(byW)) {
    console.log(`| ${eng.replace('sbert-tfjs ', '')} | ${w} | ${fmt(row['throughput_vs_transformers.js'], 2)} | ${fmt(row['throughput_vs_sentence-transformers'], 2)} |`);
  }
}
console.log('\nTARGETS\n');
console.log('| target | goal | measured | by | met |');
console.log('|---|---|---|---|---|');
for (const [k, t] of Object.entries(r.targets)) {
  const atMost = 'target_at_most' in t;
  const goal = atMost ? `≤ ${fmt((t as { target_at_most: number }).target_at_most, 1)}` : `≥ ${(t as { target: number }).target}`;
  const v = t.value;
  const met = v === undefined ? 'not measured' : (atMost ? v <= (t as { target_at_most: number }).target_at_most : v >= (t as { target: number }).target) ? 'yes' : 'no';
  console.log(`| ${k} | ${goal} | ${fmt(v, 2)} | ${t.engine ?? '—'} | ${met} |`);
}
