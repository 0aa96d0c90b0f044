// Resolution without a file system (browsers, workers), for SentenceTransformer.load's `resolve`
// option: a URL of a converted folder is read over HTTP (Cache API when present); a registry
// name, hub id or hub URL is downloaded from the hub, converted in memory with the TypeScript
// converter and served from memory. The converter (and its checkpoint readers) is imported only
// when a download needs it.
import { SourceError } from '../errors.js';
import { memorySource, type FileSource } from '../io/file_source.js';
import { cachedHttpSource } from './cached_http_source.js';
import { DEFAULT_ENDPOINT, fetchHubFiles, type HubOptions } from './hub_files.js';
import { findRegistryModel } from './registry.js';

export async function resolveInMemory(nameOrUrl: string, options: HubOptions = {}): Promise<FileSource> {
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  let repo: string | undefined;
  if (/^https?:\/\//.test(nameOrUrl)) {
    const rest = nameOrUrl.startsWith(`${endpoint}/`) ? nameOrUrl.slice(endpoint.length + 1).replace(/\/$/, '') : undefined;
    if (rest === undefined || !/^[\w.-]+\/[\w.-]+$/.test(rest)) {
      return options.fetch === undefined ? cachedHttpSource(nameOrUrl) : cachedHttpSource(nameOrUrl, { fetch: options.fetch });
    }
    repo = rest;
  } else {
    repo = findRegistryModel(nameOrUrl)?.sources.hub ?? (/^[\w.-]+\/[\w.-]+$/.test(nameOrUrl) ? nameOrUrl : undefined);
  }
  if (repo === undefined) {
    throw new SourceError(nameOrUrl, 'is not a URL, a hub id (owner/name) or a model name of models/registry.json (folders and zips need the Node entry)');
  }
  const downloaded = await fetchHubFiles(repo, { ...options, endpoint });
  const { convertToFiles } = await import('./convert_folder.js');
  const files = convertToFiles(downloaded, repo);
  return memorySource(`${endpoint}/${repo}`, files);
}
