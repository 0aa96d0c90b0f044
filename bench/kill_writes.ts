// Crash safety at full count: 50 (or SBERT_KILL_RUNS) SIGKILLs at random points during `sbert
// convert` of the real model and during a cache fill from a loopback hub serving it; prints each
// report (test/hub/helpers/kill_runs.ts) and exits 1 when any output was partial or any temp
// folder of a killed run survived a later run. Run: npx tsx bench/kill_writes.ts
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_MODEL_DIR, tinyModelDir } from '../test/helpers/goldens.js';
import { startHubServer } from '../test/hub/hub_server.js';
import { killCacheFills, killConversions } from '../test/hub/helpers/kill_runs.js';

const runs = Number(process.env['SBERT_KILL_RUNS'] ?? 50);
const model = existsSync(join(REAL_MODEL_DIR, 'model.safetensors')) ? REAL_MODEL_DIR : tinyModelDir('tiny-bert-dense');
const work = mkdtempSync(join(tmpdir(), 'sbert-kill-bench-'));
const hub = await startHubServer({ 'sbert-test/kill': model });
hub.lfs = true;
let bad = 0;
try {
  for (const report of [await killConversions(runs, model, join(work)), await killCacheFills(runs, 'sbert-test/kill', hub.endpoint, work)]) {
    const { delays, ...rest } = report;
    process.stdout.write(`${JSON.stringify({ model, ...rest, fullRunMs: Math.round(rest.fullRunMs), delayMs: [Math.min(...delays), Math.max(...delays)] })}\n`);
    bad += report.corrupt;
  }
} finally {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = bad === 0 ? 0 : 1;
