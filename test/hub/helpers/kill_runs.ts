// The crash-safety driver shared by test/hub/kill.test.ts (a few kills) and bench/kill_writes.ts
// (the full 50): a write (a conversion, or a cache fill from the loopback hub) runs in a child
// process, which gets SIGKILL after a random delay within the time one whole run takes. After
// each kill the output must be absent or byte-identical to an undisturbed run's; a later run
// must remove the temp folders the killed ones left.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { convertPath } from '../../../src/convert/node.js';
import { ENTRY_META_FILE, listEntries, TEMP_PREFIX, TRASH_PREFIX } from '../../../src/hub/node_cache.js';
import { tempOwner } from '../../../src/hub/node_fs.js';
import { resolveModelDir } from '../../../src/hub/node_resolve.js';
import { sameTree, spawnWriter, treeHashes } from './write_children.js';

export interface KillReport {
  what: string;
  runs: number;
  /** Killed before it finished (the others completed before the signal). */
  killed: number;
  /** Kills after which a temp folder of the dead process was found. */
  leftTemps: number;
  /** Temp folders of killed runs removed by a later run (all of them, or the rest count as corrupt). */
  cleaned: number;
  /** Outputs present after a kill and complete (byte-identical to the reference). */
  complete: number;
  /** Outputs present and not complete, or temp folders a later run did not remove: must be 0. */
  corrupt: number;
  /** Random delays used (ms after the child's "ready"). */
  delays: number[];
  /** One undisturbed run, ms. */
  fullRunMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function timedRun(args: string[]): Promise<number> {
  const c = spawnWriter(args);
  await c.ready;
  const t = performance.now();
  const r = await c.exited;
  if (r.code !== 0) throw new Error(`the undisturbed run failed: ${r.stderr}`);
  return performance.now() - t;
}

/** A child's run killed at a random moment; resolves with whether it was still running. */
async function killedRun(args: string[], maxDelay: number, delays: number[]): Promise<boolean> {
  const c = spawnWriter(args);
  await c.ready;
  const delay = Math.random() * maxDelay;
  delays.push(Math.round(delay));
  let over = false;
  void c.exited.then(() => (over = true));
  await sleep(delay);
  const killed = !over && c.proc.kill('SIGKILL');
  await c.exited;
  return killed;
}

/** `n` conversions of `input` into `<work>/out`, each killed at a random point. */
export async function killConversions(n: number, input: string, work: string): Promise<KillReport> {
  const ref = join(work, 'reference');
  rmSync(ref, { recursive: true, force: true });
  convertPath(input, ref);
  const want = treeHashes(ref);
  const out = join(work, 'out');
  const prefix = '.out.sbert-';
  const temps = (): string[] => readdirSync(work).filter((f) => f.startsWith(prefix));
  const report: KillReport = { what: 'convert', runs: n, killed: 0, leftTemps: 0, cleaned: 0, complete: 0, corrupt: 0, delays: [], fullRunMs: 0 };
  report.fullRunMs = await timedRun(['convert', input, join(work, 'timed')]);
  rmSync(join(work, 'timed'), { recursive: true, force: true });
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    rmSync(out, { recursive: true, force: true });
    if (await killedRun(['convert', input, out], report.fullRunMs * 1.3, report.delays)) report.killed++;
    const left = temps().filter((t) => tempOwnerOf(t, prefix) !== undefined && !seen.has(t));
    if (left.length > 0) report.leftTemps++;
    for (const t of left) seen.add(t);
    if (existsSync(out)) {
      if (sameTree(treeHashes(out), want)) report.complete++;
      else report.corrupt++;
    }
  }
  // A run that is not killed removes every temp folder the killed ones left.
  rmSync(out, { recursive: true, force: true });
  convertPath(input, out);
  const remaining = temps();
  report.cleaned = [...seen].filter((t) => !remaining.includes(t)).length;
  report.corrupt += seen.size - report.cleaned;
  if (!sameTree(treeHashes(out), want)) report.corrupt++;
  return report;
}

function tempOwnerOf(name: string, prefix: string): number | undefined {
  for (const p of [`${prefix}tmp-`, `${prefix}old-`]) {
    const pid = tempOwner(name, p);
    if (pid !== undefined) return pid;
  }
  return undefined;
}

/** `n` cache fills of hub repository `repo` (served at `endpoint`) into one cache, each killed at a random point. */
export async function killCacheFills(n: number, repo: string, endpoint: string, work: string): Promise<KillReport> {
  const refCache = mkdtempSync(join(work, 'ref-cache-'));
  const refDir = await resolveModelDir(repo, { endpoint, cacheDir: refCache });
  const skip = (p: string): boolean => p === ENTRY_META_FILE;
  const want = treeHashes(refDir, skip);
  const cache = join(work, 'cache');
  const temps = (): string[] => (existsSync(cache) ? readdirSync(cache).filter((f) => f.startsWith(TEMP_PREFIX) || f.startsWith(TRASH_PREFIX)) : []);
  const report: KillReport = { what: 'cache fill', runs: n, killed: 0, leftTemps: 0, cleaned: 0, complete: 0, corrupt: 0, delays: [], fullRunMs: 0 };
  report.fullRunMs = await timedRun(['cache', repo, mkdtempSync(join(work, 'timed-')), endpoint]);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    rmSync(join(cache, 'hub'), { recursive: true, force: true });
    if (await killedRun(['cache', repo, cache, endpoint], report.fullRunMs * 1.3, report.delays)) report.killed++;
    const left = temps().filter((t) => !seen.has(t));
    if (left.length > 0) report.leftTemps++;
    for (const t of left) seen.add(t);
    const entries = await listEntries(cache);
    if (entries.length > 1) report.corrupt++;
    for (const e of entries) {
      if (sameTree(treeHashes(e.dir, skip), want)) report.complete++;
      else report.corrupt++;
    }
  }
  rmSync(join(cache, 'hub'), { recursive: true, force: true });
  const last = await resolveModelDir(repo, { endpoint, cacheDir: cache });
  const remaining = temps();
  report.cleaned = [...seen].filter((t) => !remaining.includes(t)).length;
  report.corrupt += seen.size - report.cleaned;
  if (!sameTree(treeHashes(last, skip), want)) report.corrupt++;
  return report;
}
