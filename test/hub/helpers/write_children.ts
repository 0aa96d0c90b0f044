// Spawning write_child.ts and comparing folders, for the crash-safety tests and bench script.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
const CHILD = join(import.meta.dirname, 'write_child.ts');

export interface Child {
  proc: ChildProcess;
  /** Resolves when the child printed "ready" (imports done). */
  ready: Promise<void>;
  /** Exit code (null when killed), stdout and stderr. */
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export function spawnWriter(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));
  proc.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('ready\n')) onReady();
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => proc.on('close', (code) => {
    onReady();
    r({ code, stdout, stderr });
  }));
  return { proc, ready, exited };
}

/** path -> SHA-256 of every file under `dir` (hidden files named by `skip` left out). */
export function treeHashes(dir: string, skip: (path: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name).slice(dir.length + 1);
    if (skip(path)) continue;
    out.set(path, createHash('sha256').update(readFileSync(join(e.parentPath, e.name))).digest('hex'));
  }
  return new Map([...out].sort(([x], [y]) => (x < y ? -1 : 1)));
}

export const sameTree = (a: Map<string, string>, b: Map<string, string>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
