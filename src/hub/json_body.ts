// A downloaded JSON file must be UTF-8 JSON: a server that answers 200 with an HTML page, or cuts
// the body short, must never have its bytes installed. Kept apart from download.ts so the
// converted-folder source (cached_http_source.ts) checks bodies without carrying the downloader.
import { SourceError } from '../errors.js';

/** The file's bytes as UTF-8 JSON, or the SourceError that says why not. */
export function checkJsonBody(bytes: Uint8Array, url: string): void {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    const head = new TextDecoder().decode(bytes.subarray(0, 40)).replace(/\s+/g, ' ');
    throw new SourceError(url, `is not valid JSON (${(e as Error).message}; it starts "${head}")`);
  }
}
