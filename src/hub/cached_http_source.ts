// A FileSource over HTTP(S) that keeps every file it fetched in the Cache API (browsers, workers,
// Deno) so a converted model downloads once. Without the Cache API it is plain httpSource.
import { SourceError } from '../errors.js';
import { httpSource, type FileSource } from '../io/file_source.js';
import { checkJsonBody } from './json_body.js';

export const DEFAULT_CACHE_NAME = 'sbert-tfjs-models';

export function cachedHttpSource(baseUrl: string, options: { cacheName?: string; fetch?: typeof fetch } = {}): FileSource {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const caches = (globalThis as { caches?: CacheStorage }).caches;
  if (caches === undefined) return httpSource(baseUrl, fetchFn);
  const base = baseUrl.replace(/\/+$/, '');
  const url = (path: string): string => `${base}/${path.split('/').map(encodeURIComponent).join('/')}`;
  const open = (): Promise<Cache> => caches.open(options.cacheName ?? DEFAULT_CACHE_NAME);
  return {
    root: base,
    async readBytes(path) {
      const cache = await open();
      const hit = await cache.match(url(path));
      if (hit !== undefined) return new Uint8Array(await hit.arrayBuffer());
      const res = await fetchFn(url(path));
      if (!res.ok) throw new SourceError(url(path), `HTTP ${res.status} ${res.statusText}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const expected = res.headers.get('content-length');
      // Only complete bodies are cached (a truncated one would be served forever), and never an
      // HTML page or a .json file that does not parse (a login wall or error page sent with 200).
      if (/^text\/html\b/i.test(res.headers.get('content-type') ?? '')) throw new SourceError(url(path), `the server sent an HTML page instead of ${path}`);
      if (path.endsWith('.json')) checkJsonBody(bytes, url(path));
      if (expected === null || Number(expected) === bytes.byteLength || res.headers.get('content-encoding') !== null) {
        await cache.put(url(path), new Response(bytes, { headers: { 'content-type': res.headers.get('content-type') ?? 'application/octet-stream' } }));
      }
      return bytes;
    },
    async exists(path) {
      if ((await (await open()).match(url(path))) !== undefined) return true;
      return (await fetchFn(url(path), { method: 'HEAD' })).ok;
    },
  };
}
