// A real HTTP server on 127.0.0.1 serving the hub's file layout (/<owner>/<name>/resolve/<rev>/<path>)
// from fixture model folders, with switchable failure modes for the broken-download tests.
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

export type FailMode = 'none' | 'drop-weights' | 'all-404' | 'weights-404' | 'short-weights' | 'corrupt-weights';

export interface HubServer {
  endpoint: string;
  /** Paths requested so far. */
  requests: string[];
  /** Authorization headers seen. */
  authorizations: string[];
  mode: FailMode;
  close(): Promise<void>;
}

/** repos: "owner/name" -> local folder. */
export async function startHubServer(repos: Record<string, string>): Promise<HubServer> {
  const state: HubServer = { endpoint: '', requests: [], authorizations: [], mode: 'none', close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    state.requests.push(url);
    if (req.headers.authorization !== undefined) state.authorizations.push(req.headers.authorization);
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    const dir = m === null ? undefined : repos[m[1]!];
    const file = m === null || dir === undefined ? undefined : join(dir, m[3]!);
    const isWeights = m !== null && /(^|\/)(model\.safetensors|pytorch_model\.bin)$/.test(m[3]!);
    if (file === undefined || !existsSync(file) || !statSync(file).isFile() || state.mode === 'all-404' || (isWeights && state.mode === 'weights-404')) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Entry not found');
      return;
    }
    const body = readFileSync(file);
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
    res.writeHead(200, { 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  state.endpoint = `http://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return state;
}
