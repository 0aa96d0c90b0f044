// Crash safety: a conversion and a cache fill (download from the loopback hub, convert, install)
// each killed with SIGKILL at random points; after every kill the output is absent or complete
// (byte-identical to an undisturbed run) and a later run removes the temp folders left behind.
// A few kills per kind here (each child is a whole Node process: seconds on a loaded machine);
// bench/kill_writes.ts runs 50 of each (SBERT_KILL_RUNS here or there sets the number).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_MODEL_DIR, tinyModelDir } from '../helpers/goldens.js';
import { startHubServer, type HubServer } from './hub_server.js';
import { killCacheFills, killConversions } from './helpers/kill_runs.js';

const RUNS = Number(process.env['SBERT_KILL_RUNS'] ?? 5);
// The real model's writes last long enough (88 MB) for random kills to land inside them.
const MODEL = existsSync(join(REAL_MODEL_DIR, 'model.safetensors')) ? REAL_MODEL_DIR : tinyModelDir('tiny-bert-dense');
const work = mkdtempSync(join(tmpdir(), 'sbert-kill-'));
let hub: HubServer;
beforeAll(async () => {
  hub = await startHubServer({ 'sbert-test/kill': MODEL });
  hub.lfs = true;
});
afterAll(async () => {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
});

describe('kill -9 at random points', () => {
  it(`sbert convert, ${RUNS} kills: no partial output, temp folders cleaned`, async () => {
    const r = await killConversions(RUNS, MODEL, mkdtempSync(join(work, 'convert-')));
    console.log(JSON.stringify(r));
    expect(r.corrupt).toBe(0);
    expect(r.killed).toBeGreaterThan(0);
  }, 600_000);

  it(`cache fill from the hub, ${RUNS} kills: no partial entry, temp folders cleaned`, async () => {
    const r = await killCacheFills(RUNS, 'sbert-test/kill', hub.endpoint, mkdtempSync(join(work, 'cache-')));
    console.log(JSON.stringify(r));
    expect(r.corrupt).toBe(0);
    expect(r.killed).toBeGreaterThan(0);
  }, 600_000);
});
