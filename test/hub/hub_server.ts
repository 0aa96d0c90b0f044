// A real HTTP server on 127.0.0.1 serving the hub's file layout (/<owner>/<name>/resolve/<rev>/<path>)
// from fixture model folders, with switchable failure modes for the broken-download tests:
// `mode` for the weights of every repository, `rules` for any file by pattern (HTML with 200,
// short Content-Length, truncated close-delimited body, empty body, gzip, stalls, drips, 5xx with
// Retry-After, resets, redirect loops, a wrong hash). With `lfs`, weight files are served the way
// the Hugging Face hub serves LFS files: a 302 carrying X-Linked-Etag (the SHA-256) and
// X-Linked-Size, to /lfs/<sha256>.
import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export type FailMode = 'none' | 'drop-weights' | 'all-404' | 'weights-404' | 'short-weights' | 'corrupt-weights';

export type Misbehaviour =
  | 'html-200' // an HTML page with status 200 and text/html
  | 'html-as-json' // an HTML page with status 200 but Content-Type application/json
  | 'short-length' // Content-Length larger than the body, which ends cleanly
  | 'truncated-close' // no Content-Length, half the body, connection closed (close-delimited)
  | 'empty' // status 200, Content-Length 0
  | 'gzip' // the body gzip'd, Content-Encoding gzip, Content-Length of the encoded bytes
  | 'stall' // headers, a few bytes, then nothing
  | 'stall-headers' // nothing at all
  | 'drip' // one byte every 200 ms
  | '503' // 503 with Retry-After (rule.retryAfter)
  | 'reset' // the socket destroyed before any response
  | 'redirect-loop' // 302 to itself
  | 'wrong-sha' // (lfs) X-Linked-Etag of another content
  | 'big'; // a Content-Length of 64 GiB

export interface Rule {
  /** Matched against the file path inside the repository. */
  file: RegExp;
  do: Misbehaviour;
  /** Applies to this many matching requests, then the file is served normally (default: always). */
  times?: number;
  /** For '503': the Retry-After header value. */
  retryAfter?: string;
}

export interface HubServer {
  endpoint: string;
  /** Paths requested so far. */
  requests: string[];
  /** Authorization headers seen. */
  authorizations: string[];
  mode: FailMode;
  rules: Rule[];
  /** Serve weight files through an LFS-style redirect with X-Linked-Etag / X-Linked-Size. */
  lfs: boolean;
  close(): Promise<void>;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** repos: "owner/name" -> local folder. */
export async function startHubServer(repos: Record<string, string>): Promise<HubServer> {
  const state: HubServer = { endpoint: '', requests: [], authorizations: [], mode: 'none', rules: [], lfs: false, close: async () => {} };
  const lfsFiles = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    state.requests.push(url);
    if (req.headers.authorization !== undefined) state.authorizations.push(req.headers.authorization);
    const lfs = /^\/lfs\/([0-9a-f]{64})/.exec(url);
    if (lfs !== null && lfsFiles.has(lfs[1]!)) {
      const body = lfsFiles.get(lfs[1]!)!;
      res.writeHead(200, { 'content-length': String(body.length), etag: '"cdn-etag-not-a-hash"' });
      res.end(body);
      return;
    }
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    const dir = m === null ? undefined : repos[m[1]!];
    const path = m?.[3];
    const file = m === null || dir === undefined ? undefined : join(dir, m[3]!);
    const isWeights = m !== null && /(^|\/)(model\.safetensors|pytorch_model\.bin)$/.test(m[3]!);
    if (file === undefined || !existsSync(file) || !statSync(file).isFile() || state.mode === 'all-404' || (isWeights && state.mode === 'weights-404')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    const body = readFileSync(file);
    const rule = state.rules.find((r) => r.file.test(path!) && (r.times === undefined || r.times > 0));
    if (rule !== undefined) {
      if (rule.times !== undefined) rule.times--;
      misbehave(rule, body, res, url);
      return;
    }
    if (isWeights && state.mode === 'drop-weights') {
      // Promise the whole file, send half, then cut the connection.
      res.writeHead(200, { 'content-length': String(body.length) });
      res.write(body.subarray(0, body.length >> 1), () => res.destroy());
      return;
    }
    if (isWeights && state.mode === 'corrupt-weights') {
      // Complete and of the right length, but not a checkpoint: the converter must refuse it.
      const junk = Buffer.alloc(body.length, 0x5a);
      res.writeHead(200, { 'content-length': String(junk.length) });
      res.end(junk);
      return;
    }
    if (isWeights && state.mode === 'short-weights') {
      // A body that ends cleanly but short: only Content-Length reveals it (sent raw to bypass Node's check).
      res.socket?.write(`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`);
      res.socket?.end(body.subarray(0, body.length - 10));
      return;
    }
    if (isWeights && state.lfs) {
      const hash = sha256(body);
      lfsFiles.set(hash, body);
      res.writeHead(302, { location: `/lfs/${hash}?file=${encodeURIComponent(path!)}`, 'x-linked-etag': `"${hash}"`, 'x-linked-size': String(body.length), etag: '"git-sha1-of-the-pointer"' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-length': String(body.length) });
    res.end(body);
  });

  function misbehave(rule: Rule, body: Buffer, res: ServerResponse, url: string): void {
    const raw = (head: string, payload: Buffer | string): void => {
      // Written to the socket directly: Node's own checks would refuse a wrong Content-Length.
      res.socket?.write(`HTTP/1.1 200 OK\r\n${head}connection: close\r\n\r\n`);
      res.socket?.end(payload);
    };
    switch (rule.do) {
      case 'html-200':
      case 'html-as-json': {
        const page = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n';
        res.writeHead(200, { 'content-type': rule.do === 'html-200' ? 'text/html; charset=utf-8' : 'application/json', 'content-length': String(Buffer.byteLength(page)) });
        res.end(page);
        return;
      }
      case 'short-length':
        raw(`content-length: ${body.length + 100}\r\n`, body);
        return;
      case 'truncated-close':
        raw('', body.subarray(0, body.length >> 1));
        return;
      case 'empty':
        res.writeHead(200, { 'content-length': '0' });
        res.end();
        return;
      case 'gzip': {
        const gz = gzipSync(body);
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(gz.length), 'content-type': 'application/json' });
        res.end(gz);
        return;
      }
      case 'stall':
        res.writeHead(200, { 'content-length': String(body.length) });
        res.write(body.subarray(0, 4));
        return; // never ends
      case 'stall-headers':
        return;
      case 'drip': {
        res.writeHead(200, { 'content-length': String(body.length) });
        let at = 0;
        const timer = setInterval(() => {
          if (res.destroyed || at >= body.length) {
            clearInterval(timer);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body.subarray(at, ++at));
        }, 200);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '503':
        res.writeHead(503, { 'content-type': 'text/plain', ...(rule.retryAfter === undefined ? {} : { 'retry-after': rule.retryAfter }) });
        res.end('Service Unavailable');
        return;
      case 'reset':
        res.socket?.destroy();
        return;
      case 'redirect-loop':
        res.writeHead(302, { location: url });
        res.end();
        return;
      case 'wrong-sha': {
        const hash = sha256(body);
        lfsFiles.set(hash, body);
        res.writeHead(302, { location: `/lfs/${hash}`, 'x-linked-etag': `"${'0'.repeat(64)}"`, 'x-linked-size': String(body.length) });
        res.end();
        return;
      }
      case 'big':
        res.writeHead(200, { 'content-length': String(64 * 2 ** 30) });
        res.write(body.subarray(0, 16));
        return;
    }
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  state.endpoint = `http://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return state;
}
