// Fetches the files of a sentence-transformers repository from a Hugging Face-style hub
// (`<endpoint>/<repo>/resolve/<revision>/<file>`) into memory. Which files to ask for follows
// modules.json and the format's table of what each module kind reads (src/format/modules.ts):
// required files must exist, optional ones may be 404, and a module with weights gets its
// checkpoint in the loader's order of preference, a sharded one with every shard its index names.
import { SourceError } from '../errors.js';
import { CHECKPOINT_FILES, isCheckpointIndex, joinPath, MODULES_FILE, ST_MODEL_CONFIG_FILE } from '../format/files.js';
import { parseJson } from '../format/json.js';
import { filesOf, parseModulesJson, PLAIN_TRANSFORMER, type ModuleEntry } from '../format/modules.js';
import { missingShard, parseShardIndex } from '../format/shard_index.js';
import { downloadBytes, type DownloadOptions } from './download.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface HubOptions extends DownloadOptions {
  /** Default https://huggingface.co (or env HF_ENDPOINT in the Node resolver). */
  endpoint?: string;
  revision?: string;
}

export function hubFileUrl(repo: string, path: string, options: HubOptions = {}): string {
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const rev = encodeURIComponent(options.revision ?? 'main');
  return `${endpoint}/${repo}/resolve/${rev}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Where fetched files go: memory (fetchHubFiles) or a folder (the Node resolver). `fetch` returns
 * false for an optional file the repository does not have; `read` gives back a JSON file already
 * fetched (modules.json, a shard index).
 */
export interface HubFileStore {
  fetch(path: string, url: string, optional: boolean): Promise<boolean>;
  read(path: string): Promise<Uint8Array>;
  has(path: string): boolean;
}

/** All files of the model in `repo`: path -> bytes. Throws SourceError when a required file is missing. */
export async function fetchHubFiles(repo: string, options: HubOptions = {}): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  await fetchHubFilesInto(repo, {
    async fetch(path, url, optional) {
      const bytes = await downloadBytes(url, path, optional, options);
      if (bytes !== null) files.set(path, bytes);
      return bytes !== null;
    },
    async read(path) {
      return files.get(path)!;
    },
    has: (path) => files.has(path),
  }, options);
  return files;
}

/** Fetches the files of the model in `repo` into `store`, in the order and by the rules above. */
export async function fetchHubFilesInto(repo: string, store: HubFileStore, options: HubOptions = {}): Promise<void> {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(repo)) throw new SourceError(repo, 'is not a hub repository id (expected "owner/name")');
  const get = (path: string, optional: boolean): Promise<boolean> => store.fetch(path, hubFileUrl(repo, path, options), optional);

  const hasModules = await get(MODULES_FILE, true);
  await get(ST_MODEL_CONFIG_FILE, true);
  const entries: ModuleEntry[] = hasModules ? parseModulesJson(parseJson(await store.read(MODULES_FILE), hubFileUrl(repo, MODULES_FILE, options)), `${repo}/${MODULES_FILE}`) : [PLAIN_TRANSFORMER];
  for (const e of entries) {
    const needs = filesOf(e.kind);
    for (const f of needs.required) await get(joinPath(e.path, f), false);
    for (const f of needs.firstOf) if (await get(joinPath(e.path, f), true)) break;
    for (const f of needs.optional) await get(joinPath(e.path, f), true);
    if (needs.fallback !== undefined && !store.has(joinPath(e.path, needs.fallback.instead))) {
      for (const f of needs.fallback.files) await get(joinPath(e.path, f), true);
    }
    if (needs.weights) await getWeights(e.path);
  }

  async function getWeights(dir: string): Promise<void> {
    for (const name of CHECKPOINT_FILES) {
      const path = joinPath(dir, name);
      if (!(await get(path, true))) continue;
      if (!isCheckpointIndex(name)) return;
      const index = hubFileUrl(repo, path, options);
      for (const shard of parseShardIndex(parseJson(await store.read(path), index), index)) {
        if (!(await get(joinPath(dir, shard), true))) throw missingShard(index, shard);
      }
      return;
    }
    throw new SourceError(hubFileUrl(repo, joinPath(dir, CHECKPOINT_FILES[0]), options), `no weights: none of ${CHECKPOINT_FILES.join(', ')} exists in the repository`);
  }
}
