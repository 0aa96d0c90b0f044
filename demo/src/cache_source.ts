// A FileSource over HTTP that keeps every file it downloads in the browser's Cache API, so a
// second visit (or a reload) reads the model from disk without touching the network.
// Same interface as src/io/file_source.ts httpSource; the library stays unaware of caching.
import type { FileSource } from '../../src/io/file_source.js';
import { SourceError } from '../../src/errors.js';

export interface CacheStats {
  /** Files served from the Cache API. */
  hits: number;
  /** Files fetched from the network (and then stored). */
  downloads: number;
  downloadedBytes: number;
}

export interface CachedHttpSource extends FileSource {
  readonly stats: CacheStats;
}

/** Cache name per model folder; bump the version to drop stale entries after a format change. */
export const CACHE_NAME = 'sbert-tfjs-models-v1';

/** Marks a cache entry that records "this file does not exist on the server". */
const MISSING_HEADER = 'X-Sbert-Missing';

export function cachedHttpSource(baseUrl: string, cacheName = CACHE_NAME, fetchFn: typeof fetch = globalThis.fetch.bind(globalThis)): CachedHttpSource {
  const base = new URL(baseUrl.replace(/\/*$/, '/'), globalThis.location?.href).href;
  const url = (path: string): string => new URL(path.split('/').map(encodeURIComponent).join('/'), base).href;
  const stats: CacheStats = { hits: 0, downloads: 0, downloadedBytes: 0 };
  // The Cache API exists only in secure contexts (https, or http://127.0.0.1 / localhost).
  const open = (): Promise<Cache | undefined> => (globalThis.caches === undefined ? Promise.resolve(undefined) : caches.open(cacheName));
  return {
    root: base,
    stats,
    async readBytes(path) {
      const u = url(path);
      const cache = await open();
      const hit = await cache?.match(u);
      if (hit !== undefined && hit.headers.get(MISSING_HEADER) === null) {
        stats.hits++;
        return new Uint8Array(await hit.arrayBuffer());
      }
      const res = await fetchFn(u);
      if (!res.ok) throw new SourceError(u, `HTTP ${res.status} ${res.statusText}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      stats.downloads++;
      stats.downloadedBytes += bytes.byteLength;
      await cache?.put(u, new Response(bytes, { headers: { 'Content-Type': res.headers.get('Content-Type') ?? 'application/octet-stream' } }));
      return bytes;
    },
    async exists(path) {
      const u = url(path);
      const cache = await open();
      const hit = await cache?.match(u);
      if (hit !== undefined) return hit.headers.get(MISSING_HEADER) === null;
      const res = await fetchFn(u, { method: 'HEAD' });
      // Remember absent optional files (e.g. no 2_Dense/) so a cached load asks the server nothing.
      if (!res.ok) await cache?.put(u, new Response('', { headers: { [MISSING_HEADER]: '1' } }));
      return res.ok;
    },
  };
}

/** Forgets every cached model file (the demo's "clear cache" button, and test isolation). */
export async function clearModelCache(cacheName = CACHE_NAME): Promise<boolean> {
  return globalThis.caches === undefined ? false : caches.delete(cacheName);
}
