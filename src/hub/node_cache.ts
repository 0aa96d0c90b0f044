// The on-disk model cache (Node). <cacheDir>/<kind>/<key>/ is one entry: a converted model
// folder, with ENTRY_META_FILE (what it was made from, when, its size) among its files. The key
// is the SHA-256 of everything that identifies the content (for a local folder: the path and
// each file's size, mtime and inode; for the hub: endpoint, repository and revision), never a
// cut-down name, so two sources cannot share an entry and a changed file gives a new key.
//
// An entry is installed atomically: filled under <cacheDir>/.tmp-<pid>-<random>/, then renamed
// into place, so a failed or killed download or conversion never leaves a partial entry where
// the loader would find it. Temp folders whose process is dead (kill -9) are removed by the next
// install; an entry is removed by renaming it into a temp folder first, then deleting that.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeDeadTemps, tempName, writeError } from './node_fs.js';

/** Bumped when the layout of an entry changes: older entries are then never served. */
export const CACHE_FORMAT = 2;
/** The entry's record, a hidden file: model loaders and the converter skip dot files. */
export const ENTRY_META_FILE = '.sbert-cache.json';
/** Temp folders being filled, and entries being removed. */
export const TEMP_PREFIX = '.tmp-';
export const TRASH_PREFIX = '.trash-';
export type CacheKind = 'local' | 'zip' | 'hub';
export const CACHE_KINDS: readonly CacheKind[] = ['local', 'zip', 'hub'];

/** SBERT_TFJS_CACHE, else ~/.cache/sbert-tfjs. */
export function defaultCacheDir(): string {
  const env = process.env['SBERT_TFJS_CACHE'];
  return env !== undefined && env !== '' ? env : join(homedir(), '.cache', 'sbert-tfjs');
}

/** A cache key safe as one folder name: the SHA-256 (hex) of the whole of `text`. */
export function cacheKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The entry folder for `parts` (everything that identifies the content) of `kind`. */
export function entryDir(cacheDir: string, kind: CacheKind, parts: readonly unknown[]): string {
  return join(cacheDir, kind, cacheKey(JSON.stringify([kind, CACHE_FORMAT, ...parts])));
}

export async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export interface EntryMeta {
  /** What the entry was made from: a folder, a zip, a URL, "<endpoint>/<repo>@<revision>". */
  source: string;
  /** ISO date of the install. */
  created: string;
  /** Bytes of the entry's files. */
  bytes: number;
  format: number;
}

/**
 * Fills a temp folder with `fill(entry, work)` (`entry` becomes the cache entry, `work` is
 * scratch space removed afterwards, e.g. for downloads), records ENTRY_META_FILE and renames the
 * entry to `finalDir`. Returns finalDir; `created` is false when another process installed the
 * same entry first (theirs is kept). Nothing is left behind when `fill` throws.
 */
export async function installEntry(
  cacheDir: string, finalDir: string, source: string,
  fill: (entry: string, work: string) => Promise<void>,
): Promise<{ dir: string; created: boolean }> {
  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (e) {
    throw writeError(cacheDir, 'cannot create the cache folder', e);
  }
  removeDeadTemps(cacheDir, TEMP_PREFIX);
  removeDeadTemps(cacheDir, TRASH_PREFIX);
  const tmp = join(cacheDir, tempName(TEMP_PREFIX));
  const entry = join(tmp, 'entry');
  try {
    try {
      await mkdir(entry, { recursive: true });
    } catch (e) {
      throw writeError(tmp, 'cannot create a temp folder in the cache', e);
    }
    await fill(entry, tmp);
    const meta: EntryMeta = { source, created: new Date().toISOString(), bytes: await folderBytes(entry), format: CACHE_FORMAT };
    await writeChecked(join(entry, ENTRY_META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    await mkdir(dirname(finalDir), { recursive: true }).catch((e: unknown) => {
      throw writeError(dirname(finalDir), 'cannot create the cache folder', e);
    });
    try {
      await rename(entry, finalDir);
      return { dir: finalDir, created: true };
    } catch (e) {
      // Another process installed the same entry first: keep theirs.
      if (await isDir(finalDir)) return { dir: finalDir, created: false };
      throw writeError(finalDir, 'cannot install the cache entry', e);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Writes `files` (path -> bytes) under `dir`, errors naming the file. */
export async function writeFiles(dir: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  for (const [path, bytes] of files) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true }).catch((e: unknown) => {
      throw writeError(dirname(target), 'cannot create the folder', e);
    });
    await writeChecked(target, bytes);
  }
}

async function writeChecked(path: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (e) {
    throw writeError(path, 'cannot write', e);
  }
}

/** Writes `files` into a temp folder and renames it to `finalDir`. Returns finalDir. */
export async function installFolder(cacheDir: string, finalDir: string, files: ReadonlyMap<string, Uint8Array>, source: string = finalDir): Promise<string> {
  return (await installEntry(cacheDir, finalDir, source, (entry) => writeFiles(entry, files))).dir;
}

/** Removes one entry: renamed out of place first, so no loader sees it half deleted. */
export async function removeEntry(cacheDir: string, dir: string): Promise<void> {
  const trash = join(cacheDir, tempName(TRASH_PREFIX));
  try {
    await rename(dir, trash);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw writeError(dir, 'cannot remove the cache entry', e);
  }
  await rm(trash, { recursive: true, force: true });
}

export interface CacheEntry {
  kind: string;
  key: string;
  dir: string;
  /** From ENTRY_META_FILE; entries of older versions have none and show their folder name. */
  source: string;
  bytes: number;
  created: Date;
}

/** Every entry of the cache, oldest first. */
export async function listEntries(cacheDir: string): Promise<CacheEntry[]> {
  const out: CacheEntry[] = [];
  for (const kind of await names(cacheDir)) {
    if (kind.startsWith('.') || !(await isDir(join(cacheDir, kind)))) continue;
    for (const key of await names(join(cacheDir, kind))) {
      const dir = join(cacheDir, kind, key);
      if (key.startsWith('.') || !(await isDir(dir))) continue;
      let meta: Partial<EntryMeta> = {};
      try {
        meta = JSON.parse(await readFile(join(dir, ENTRY_META_FILE), 'utf8')) as Partial<EntryMeta>;
      } catch {
        /* an entry of an older version: no record */
      }
      out.push({
        kind, key, dir,
        source: typeof meta.source === 'string' ? meta.source : `(no record) ${key}`,
        bytes: typeof meta.bytes === 'number' ? meta.bytes : await folderBytes(dir),
        created: typeof meta.created === 'string' ? new Date(meta.created) : (await stat(dir)).mtime,
      });
    }
  }
  return out.sort((a, b) => a.created.getTime() - b.created.getTime());
}

/**
 * Removes the entries `which` names (a key or its prefix, "<kind>/<key prefix>", or a source
 * exactly as listed), or all entries and the temp folders of dead processes when `which` is
 * undefined. Returns the entries removed.
 */
export async function clearCache(cacheDir: string, which?: string): Promise<CacheEntry[]> {
  const all = await listEntries(cacheDir);
  const chosen = which === undefined ? all : all.filter((e) =>
    e.source === which || (which.length >= 4 && (e.key.startsWith(which) || `${e.kind}/${e.key}`.startsWith(which))));
  for (const e of chosen) await removeEntry(cacheDir, e.dir);
  if (which === undefined) {
    removeDeadTemps(cacheDir, TEMP_PREFIX);
    removeDeadTemps(cacheDir, TRASH_PREFIX);
  }
  return chosen;
}

/** Removes the other entries of `kind` made from `source` (older versions of a local folder or zip). */
export async function removeOlderEntries(cacheDir: string, kind: CacheKind, source: string, keep: string): Promise<void> {
  for (const e of await listEntries(cacheDir)) {
    if (e.kind === kind && e.source === source && e.dir !== keep) await removeEntry(cacheDir, e.dir).catch(() => undefined);
  }
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}
