// Downloading one file over HTTP(S) (browser-safe; the Node file sink is node_download.ts).
// What reaches the caller is the whole file or an error, never a truncated or foreign body:
//   - sizes: Content-Length (when the body is not content-encoded: fetch hands over the decoded
//     bytes, and a gzip'd body's Content-Length counts the encoded ones) and X-Linked-Size, the
//     file's own size that the Hugging Face hub sends with LFS redirects;
//   - hash: X-Linked-Etag (or an ETag without content coding) when it is a SHA-256, as the hub
//     sends for LFS files (huggingface_hub's file_download.py reads the same two headers);
//   - an HTML page (a login wall or an error page sent with status 200) is refused;
//   - JSON files must parse (downloadBytes);
//   - limits: a total time per file, a stall time (no response or no bytes), a size cap, a
//     redirect count;
//   - retries with exponential backoff on 5xx / 429, resets, stalls and short bodies, honouring
//     Retry-After up to a bound.
import { SourceError } from '../errors.js';
import { checkJsonBody } from './json_body.js';

export interface DownloadProgress {
  /** The file being downloaded (path inside the model folder). */
  file: string;
  loaded: number;
  /** The expected size when the server sent one. */
  total: number | undefined;
}

/** The whole download of one file, all attempts included. */
export const DOWNLOAD_TIMEOUT_MS = 60 * 60 * 1000;
/** The longest wait for a response or for the next bytes of a body. */
export const STALL_TIMEOUT_MS = 60 * 1000;
/** The largest file accepted (the largest sentence-transformers checkpoints are a few GB). */
export const MAX_DOWNLOAD_BYTES = 16 * 2 ** 30;
/** The largest JSON file accepted (tokenizer.json of large vocabularies: tens of MB). */
export const MAX_JSON_BYTES = 256 * 2 ** 20;
export const DOWNLOAD_RETRIES = 4;
export const RETRY_DELAY_MS = 1000;
/** A Retry-After longer than this fails at once rather than blocking the load. */
export const MAX_RETRY_AFTER_MS = 120 * 1000;
export const MAX_REDIRECTS = 10;

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** Extra request headers, e.g. {Authorization: 'Bearer hf_...'} for private hub repositories. */
  headers?: Record<string, string>;
  onProgress?: (p: DownloadProgress) => void;
  /** Default DOWNLOAD_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default STALL_TIMEOUT_MS. */
  stallTimeoutMs?: number;
  /** Default MAX_DOWNLOAD_BYTES (JSON files: at most MAX_JSON_BYTES). */
  maxBytes?: number;
  /** Attempts after the first; default DOWNLOAD_RETRIES. */
  retries?: number;
  /** First backoff delay, doubled at each retry; default RETRY_DELAY_MS. */
  retryDelayMs?: number;
  /** Default MAX_RETRY_AFTER_MS. */
  maxRetryAfterMs?: number;
  /** Default MAX_REDIRECTS. */
  maxRedirects?: number;
}

/** Where a body goes: memory (downloadBytes) or a file (node_download.ts). */
export interface ByteSink {
  /** Starts an attempt: drops what an earlier attempt wrote. `expected`: the size, when known. */
  reset(expected: number | undefined): Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  /** SHA-256 (hex) of what was written, or undefined where the sink cannot compute it. */
  sha256(): Promise<string | undefined>;
}

export interface DownloadInfo {
  /** The URL the body came from (after redirects). */
  url: string;
  bytes: number;
  /** The SHA-256 the server announced and the body matched, when it announced one. */
  sha256: string | undefined;
}

/** A failure worth another attempt; `retryAfterMs` from the server's Retry-After. */
class Retryable extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

const isJsonFile = (file: string): boolean => file.endsWith('.json');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** "fetch failed" with its cause: the code and message of the socket error underneath. */
export function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string; errors?: { message?: string }[] } };
  const cause = err.cause;
  if (cause === undefined || cause === null) return err.message ?? String(e);
  const inner = cause.message !== undefined && cause.message !== '' ? cause.message : (cause.errors ?? []).map((x) => x.message).join('; ');
  return `${err.message} (${[cause.code, inner].filter((x) => x !== undefined && x !== '').join(': ')})`;
}

/** Retry-After (seconds or an HTTP date) in ms, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function normalizeEtag(etag: string | null): string | undefined {
  if (etag === null || etag.startsWith('W/')) return undefined; // a weak ETag does not promise the bytes
  const v = etag.replace(/^"|"$/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(v) ? v : undefined;
}

function looksLikeHtml(head: Uint8Array): boolean {
  let text = '';
  for (let i = 0; i < Math.min(head.byteLength, 64); i++) text += String.fromCharCode(head[i]!);
  return /^(\ufeff|\xef\xbb\xbf)?\s*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(text);
}

/**
 * Downloads `url` (the model file `file`) into `sink`. Returns null for a 404 when `optional`;
 * throws SourceError naming the URL for anything else that is not the whole file.
 */
export async function downloadTo(url: string, file: string, optional: boolean, sink: ByteSink, options: DownloadOptions = {}): Promise<DownloadInfo | null> {
  const retries = options.retries ?? DOWNLOAD_RETRIES;
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const failures: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptDownload(url, file, optional, sink, options, deadline);
    } catch (e) {
      if (!(e instanceof Retryable)) throw e;
      failures.push(e.message);
      const delay = e.retryAfterMs ?? (options.retryDelayMs ?? RETRY_DELAY_MS) * 2 ** attempt;
      const maxAfter = options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS;
      const tried = `${attempt + 1} attempt${attempt === 0 ? '' : 's'}`;
      if (e.retryAfterMs !== undefined && e.retryAfterMs > maxAfter) {
        throw new SourceError(url, `${e.message}; the server asks to retry after ${Math.round(e.retryAfterMs / 1000)} s, more than the ${Math.round(maxAfter / 1000)} s this download waits`);
      }
      const earlier = [...new Set(failures.slice(0, -1))].filter((f) => f !== e.message);
      if (attempt >= retries) throw new SourceError(url, `${e.message} (${tried}${earlier.length > 0 ? `; earlier: ${earlier.join('; ')}` : ''})`);
      if (Date.now() + delay > deadline) throw new SourceError(url, `${e.message}; no time left for a retry within the ${timeoutMs / 1000} s download timeout (${tried})`);
      await sleep(delay);
    }
  }
}

async function attemptDownload(url: string, file: string, optional: boolean, sink: ByteSink, options: DownloadOptions, deadline: number): Promise<DownloadInfo | null> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const stallMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  const cap = Math.min(options.maxBytes ?? MAX_DOWNLOAD_BYTES, isJsonFile(file) ? MAX_JSON_BYTES : Infinity);
  const controller = new AbortController();
  let why: 'stall' | 'total' | undefined;
  const total = setTimeout(() => {
    why = 'total';
    controller.abort();
  }, Math.max(0, deadline - Date.now()));
  let stall: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    clearTimeout(stall);
    stall = setTimeout(() => {
      why ??= 'stall';
      controller.abort();
    }, stallMs);
  };
  const aborted = (e: unknown, during: string): Error => {
    if (why === 'total') return new SourceError(url, `${during}: the download took longer than ${(options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS) / 1000} s (its total timeout)`);
    if (why === 'stall') return new Retryable(`${during}: no data for ${stallMs / 1000} s (stall timeout)`);
    return new Retryable(`${during}: ${describeFetchError(e)}`);
  };
  try {
    // Redirects are followed here, not by fetch: the hub's X-Linked-* headers are on the redirect.
    let current = url;
    let linkedEtag: string | undefined;
    let linkedSize: number | undefined;
    let res: Response;
    for (let hops = 0; ; hops++) {
      arm();
      try {
        res = await fetchFn(current, { redirect: 'manual', signal: controller.signal, ...(options.headers === undefined ? {} : { headers: options.headers }) });
        // A browser hides manual redirects (opaqueredirect): let it follow them itself.
        if (res.type === 'opaqueredirect') res = await fetchFn(current, { signal: controller.signal, ...(options.headers === undefined ? {} : { headers: options.headers }) });
      } catch (e) {
        throw aborted(e, 'request failed');
      }
      linkedEtag ??= normalizeEtag(res.headers.get('x-linked-etag'));
      const ls = res.headers.get('x-linked-size');
      if (linkedSize === undefined && ls !== null && /^\d+$/.test(ls)) linkedSize = Number(ls);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || location === null) break;
      await res.body?.cancel().catch(() => undefined);
      if (hops >= (options.maxRedirects ?? MAX_REDIRECTS)) throw new SourceError(url, `more than ${options.maxRedirects ?? MAX_REDIRECTS} redirects (the last to ${location})`);
      current = new URL(location, current).href;
    }
    const where = current === url ? '' : ` (redirected to ${current})`;
    if (res.status === 404 && optional) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (res.status >= 500 || res.status === 429) {
      await res.body?.cancel().catch(() => undefined);
      throw new Retryable(`HTTP ${res.status} ${res.statusText}${where}`, parseRetryAfter(res.headers.get('retry-after')));
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new SourceError(url, `HTTP ${res.status} ${res.statusText}${where}${res.status === 404 ? ' (the file is required)' : ''}`);
    }
    const encoding = res.headers.get('content-encoding');
    const encoded = encoding !== null && encoding.toLowerCase() !== 'identity';
    const cl = res.headers.get('content-length');
    const contentLength = cl !== null && /^\d+$/.test(cl) ? Number(cl) : undefined;
    // The decoded size: X-Linked-Size always; Content-Length only for a body sent as is.
    const expected = linkedSize ?? (encoded ? undefined : contentLength);
    const sha = linkedEtag ?? (encoded ? undefined : normalizeEtag(res.headers.get('etag')));
    if (/^text\/html\b/i.test(res.headers.get('content-type') ?? '')) {
      await res.body?.cancel().catch(() => undefined);
      throw new SourceError(url, `the server sent an HTML page (Content-Type ${res.headers.get('content-type')}) instead of ${file}${where}`);
    }
    if (expected !== undefined && expected > cap) {
      await res.body?.cancel().catch(() => undefined);
      throw new SourceError(url, `is ${expected} bytes, more than the ${cap}-byte limit for ${file} (maxBytes)`);
    }
    await sink.reset(expected);
    let loaded = 0;
    if (res.body === null) throw new SourceError(url, `empty body for ${file}${where}`);
    const reader = res.body.getReader();
    try {
      for (;;) {
        arm();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw aborted(e, `download interrupted after ${loaded} bytes${expected === undefined ? '' : ` of ${expected}`}`);
        }
        if (chunk.done) break;
        const value = chunk.value;
        if (loaded === 0 && looksLikeHtml(value)) throw new SourceError(url, `the server sent an HTML page instead of ${file}${where}`);
        loaded += value.byteLength;
        if (loaded > cap) throw new SourceError(url, `is more than the ${cap}-byte limit for ${file} (maxBytes)`);
        await sink.write(value);
        options.onProgress?.({ file, loaded, total: expected });
      }
    } finally {
      clearTimeout(stall);
      reader.releaseLock();
    }
    if (loaded === 0) throw new SourceError(url, `empty body for ${file}${where}`);
    if (linkedSize !== undefined && loaded !== linkedSize) {
      throw new Retryable(`download incomplete: received ${loaded} bytes, X-Linked-Size says ${linkedSize}`);
    }
    if (!encoded && contentLength !== undefined && loaded !== contentLength) {
      throw new Retryable(`download incomplete: received ${loaded} bytes, Content-Length says ${contentLength}`);
    }
    if (sha !== undefined) {
      const got = await sink.sha256();
      if (got !== undefined && got !== sha) throw new Retryable(`download corrupt: SHA-256 ${got}, the server announced ${sha}`);
    }
    return { url: current, bytes: loaded, sha256: sha };
  } finally {
    clearTimeout(total);
    clearTimeout(stall);
  }
}

/** A sink in memory: one buffer when the size is known in advance, chunks otherwise. */
class MemorySink implements ByteSink {
  private buf: Uint8Array | undefined;
  private chunks: Uint8Array[] = [];
  private at = 0;
  async reset(expected: number | undefined): Promise<void> {
    this.buf = expected === undefined ? undefined : new Uint8Array(expected);
    this.chunks = [];
    this.at = 0;
  }
  async write(chunk: Uint8Array): Promise<void> {
    if (this.buf !== undefined && this.at + chunk.byteLength <= this.buf.byteLength) this.buf.set(chunk, this.at);
    else {
      if (this.buf !== undefined) {
        this.chunks.push(this.buf.subarray(0, this.at));
        this.buf = undefined;
      }
      this.chunks.push(chunk);
    }
    this.at += chunk.byteLength;
  }
  bytes(): Uint8Array {
    if (this.buf !== undefined) return this.buf.subarray(0, this.at);
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.at);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    this.chunks = [out];
    return out;
  }
  async sha256(): Promise<string | undefined> {
    const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
    if (subtle === undefined) return undefined; // insecure browser contexts have no SubtleCrypto
    const digest = new Uint8Array(await subtle.digest('SHA-256', this.bytes() as Uint8Array<ArrayBuffer>));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }
}

/** Bytes of `url`; `null` for a 404 when `optional`. JSON files must parse. Throws SourceError. */
export async function downloadBytes(url: string, file: string, optional: boolean, options: DownloadOptions = {}): Promise<Uint8Array | null> {
  const sink = new MemorySink();
  if ((await downloadTo(url, file, optional, sink, options)) === null) return null;
  const bytes = sink.bytes();
  if (isJsonFile(file)) checkJsonBody(bytes, url);
  return bytes;
}
