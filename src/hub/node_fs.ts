// File-system helpers shared by the model cache (node_cache.ts) and the converter's writer
// (src/convert/node.ts): temp names that carry the writer's pid, so a later run can tell a
// folder left by a killed process (pid gone) from one another process is still writing, and
// errors that name the path and say what the system code means.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WriteError } from '../errors.js';

const EXPLAIN: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ENOTEMPTY: 'is not empty',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  ENOENT: 'a folder on the way does not exist',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/** The system's reason for `e` in words, with its code: "no space left on the device (ENOSPC)". */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string') return String((e as Error)?.message ?? e);
  return `${EXPLAIN[err.code] ?? err.message} (${err.code})`;
}

/** A WriteError naming `path` for a failed file-system call (`doing`: "cannot create", ...). */
export function writeError(path: string, doing: string, e: unknown): WriteError {
  return new WriteError(path, `${doing}: ${fsReason(e)}`);
}

/** Whether process `pid` is alive on this machine (EPERM: alive, owned by another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `${prefix}<pid>-<random hex>`: a temp name this process owns. */
export function tempName(prefix: string): string {
  return `${prefix}${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** The pid in a name made by tempName(prefix), or undefined when `name` is not one. */
export function tempOwner(name: string, prefix: string): number | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = /^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length));
  return m === null ? undefined : Number(m[1]);
}

/** Entries of `dir` named by tempName(prefix) whose writer is alive (other than this process). */
export function liveTemps(dir: string, prefix: string): { name: string; pid: number }[] {
  const out: { name: string; pid: number }[] = [];
  for (const name of safeList(dir)) {
    const pid = tempOwner(name, prefix);
    if (pid !== undefined && pid !== process.pid && pidAlive(pid)) out.push({ name, pid });
  }
  return out;
}

/**
 * Removes the entries of `dir` named by tempName(prefix) whose writer is dead (a kill -9 or a
 * crash mid-write). Returns the names removed. Errors are ignored: the next run tries again.
 */
export function removeDeadTemps(dir: string, prefix: string): string[] {
  const removed: string[] = [];
  for (const name of safeList(dir)) {
    const pid = tempOwner(name, prefix);
    if (pid === undefined || pid === process.pid || pidAlive(pid)) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      /* left for the next run */
    }
  }
  return removed;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
