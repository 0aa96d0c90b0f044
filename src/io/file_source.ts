// Reading model files is injected: the library never touches fs or fetch
// directly, so the same loaders run in Node (node_file_source.ts) and in the browser.
import { SourceError } from '../errors.js';
import { parseJson } from '../format/json.js';

export interface FileSource {
  /** Shown in error messages: a folder path or a base URL. */
  readonly root: string;
  /** Bytes of `path` (relative, '/'-separated); throws SourceError naming the file when absent. */
  readBytes(path: string): Promise<Uint8Array>;
  /** Whether `path` exists; never throws for a missing file. */
  exists(path: string): Promise<boolean>;
  /**
   * Synchronous reads of byte ranges, where the source has them (nodeSource). The weight loaders
   * then read one tensor at a time, when the (synchronous) module tree asks for it, instead of
   * holding whole checkpoints or shards in memory. Sources without it are read whole.
   */
  readonly ranges?: RangeReader;
}

export interface RangeReader {
  /** Size of `path` in bytes; throws SourceError naming the file when absent. */
  size(path: string): number;
  /** Fills `into` with the bytes of `path` from byte `start`; throws SourceError when the file ends first. */
  read(path: string, start: number, into: Uint8Array): void;
}

/**
 * Refuses a path that would leave the source's folder ('..', absolute, a drive): every path a
 * loader asks for comes from model files, so a source never reads outside its root whatever
 * those files say.
 */
export function checkRelativePath(root: string, path: string): string {
  const parts = path.split(/[\\/]/);
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || parts.includes('..') || path.includes('\u0000')) {
    throw new SourceError(`${root}/${path}`, 'is outside the model folder: model files may only name paths inside it');
  }
  return path;
}

export async function readText(source: FileSource, path: string): Promise<string> {
  return new TextDecoder('utf-8').decode(await source.readBytes(path));
}

/** `path` parsed as JSON; JsonFileError naming the file when it is not JSON. */
export async function readJson(source: FileSource, path: string): Promise<unknown> {
  return parseJson(await readText(source, path), `${source.root}/${path}`);
}

/** A folder served over HTTP(S): `${baseUrl}/${path}`. `fetchFn` is injectable for tests and workers. */
export function httpSource(baseUrl: string, fetchFn: typeof fetch = globalThis.fetch.bind(globalThis)): FileSource {
  const base = baseUrl.replace(/\/+$/, '');
  const url = (path: string): string => `${base}/${checkRelativePath(base, path).split('/').map(encodeURIComponent).join('/')}`;
  return {
    root: base,
    async readBytes(path) {
      const res = await fetchFn(url(path));
      if (!res.ok) throw new SourceError(url(path), `HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async exists(path) {
      const res = await fetchFn(url(path), { method: 'HEAD' });
      return res.ok;
    },
  };
}

/** Files held in memory (a picked file, an unpacked zip): path -> bytes. */
export function memorySource(root: string, files: ReadonlyMap<string, Uint8Array>): FileSource {
  return {
    root,
    async readBytes(path) {
      const bytes = files.get(path);
      if (bytes === undefined) throw new SourceError(`${root}/${path}`, 'does not exist');
      return bytes;
    },
    async exists(path) {
      return files.has(path);
    },
  };
}
