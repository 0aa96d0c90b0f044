// Downloading one file over HTTP(S) into memory with progress, checking the byte count against
// Content-Length so a dropped connection or a short body is an error, never a truncated file.
import { SourceError } from '../errors.js';

export interface DownloadProgress {
  /** The file being downloaded (path inside the model folder). */
  file: string;
  loaded: number;
  /** Content-Length when the server sent one. */
  total: number | undefined;
}

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** Extra request headers, e.g. {Authorization: 'Bearer hf_...'} for private hub repositories. */
  headers?: Record<string, string>;
  onProgress?: (p: DownloadProgress) => void;
}

/** Bytes of `url`; `null` for a 404 when `optional`. Throws SourceError for anything else. */
export async function downloadBytes(url: string, file: string, optional: boolean, options: DownloadOptions = {}): Promise<Uint8Array | null> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  let res: Response;
  try {
    res = await fetchFn(url, options.headers === undefined ? undefined : { headers: options.headers });
  } catch (e) {
    throw new SourceError(url, `request failed: ${(e as Error).message}`);
  }
  if (res.status === 404 && optional) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new SourceError(url, `HTTP ${res.status} ${res.statusText}${res.status === 404 ? ' (the file is required)' : ''}`);
  }
  const header = res.headers.get('content-length');
  const total = header === null ? undefined : Number(header);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    if (res.body === null) throw new Error('empty body');
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      options.onProgress?.({ file, loaded, total });
    }
  } catch (e) {
    throw new SourceError(url, `download interrupted after ${loaded} bytes${total === undefined ? '' : ` of ${total}`}: ${(e as Error).message}`);
  }
  if (total !== undefined && Number.isFinite(total) && loaded !== total) {
    throw new SourceError(url, `download incomplete: received ${loaded} bytes, Content-Length says ${total}`);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
