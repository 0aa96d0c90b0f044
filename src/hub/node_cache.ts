// The on-disk model cache (Node): <cacheDir>/<kind>/<key>/ holds a converted folder. A folder is
// installed atomically: written under <cacheDir>/.tmp-*, then renamed into place, so a failed
// download or conversion never leaves a partial model where the loader would find it.
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** SBERT_TFJS_CACHE, else ~/.cache/sbert-tfjs. */
export function defaultCacheDir(): string {
  const env = process.env['SBERT_TFJS_CACHE'];
  return env !== undefined && env !== '' ? env : join(homedir(), '.cache', 'sbert-tfjs');
}

/** A cache key safe as one folder name. */
export function cacheKey(text: string): string {
  return text.replace(/[^\w.@-]+/g, '--').slice(0, 200);
}

export async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Writes `files` into a temp folder and renames it to `finalDir`. Returns finalDir. */
export async function installFolder(cacheDir: string, finalDir: string, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const tmp = await mkdtemp(join(cacheDir, '.tmp-'));
  try {
    for (const [path, bytes] of files) {
      const target = join(tmp, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    await mkdir(dirname(finalDir), { recursive: true });
    try {
      await rename(tmp, finalDir);
    } catch (e) {
      // Another process installed the same model first: keep theirs.
      if (!(await isDir(finalDir))) throw e;
      await rm(tmp, { recursive: true, force: true });
    }
    return finalDir;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
