// Downloads against the real loopback hub server misbehaving on demand: a bad response for a JSON
// file (HTML with 200, a short Content-Length, a truncated close-delimited body, an empty body)
// is refused and nothing is installed, and a later load fetches it again; gzip'd JSON is
// accepted; LFS-style redirects are followed with their size and SHA-256 checked; stalls, drips,
// 503 + Retry-After, resets, redirect loops and oversized files end in bounded time with a
// SourceError naming the URL; a Node download streams to its file, not to memory.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceError, WriteError } from '../../src/errors.js';
import { downloadBytes, parseRetryAfter } from '../../src/hub/download.js';
import { resolveInMemory } from '../../src/hub/index.js';
import { listEntries } from '../../src/hub/node_cache.js';
import { downloadToFile } from '../../src/hub/node_download.js';
import { resolveModelDir, type ResolveOptions } from '../../src/hub/node_resolve.js';
import { tinyModelDir } from '../helpers/goldens.js';
import { startHubServer, type HubServer, type Misbehaviour } from './hub_server.js';

const REPO = 'sbert-test/tiny-bert';
let hub: HubServer;
let cacheDir: string;
const made: string[] = [];

beforeAll(async () => {
  hub = await startHubServer({ [REPO]: tinyModelDir('tiny-bert') });
});
afterAll(async () => {
  await hub.close();
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
beforeEach(() => {
  cacheDir = mkdtempSync(join(tmpdir(), 'sbert-dl-cache-'));
  made.push(cacheDir);
  hub.rules = [];
  hub.lfs = false;
  hub.requests.length = 0;
});

const opts = (extra: Partial<ResolveOptions> = {}): ResolveOptions => ({ endpoint: hub.endpoint, cacheDir, retryDelayMs: 1, ...extra });
const fileUrl = (path: string): string => `${hub.endpoint}/${REPO}/resolve/main/${path}`;
const asked = (path: string): number => hub.requests.filter((r) => r === `/${REPO}/resolve/main/${path}`).length;

/** Every file and folder under the cache (temp folders included): empty when nothing was left. */
function everything(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((p) => !/^(local|zip|hub)$/.test(p)) : [];
}

describe('hub cache poisoning: a bad JSON response is never installed', () => {
  const cases: [string, Misbehaviour, RegExp][] = [];
  for (const file of ['config.json', 'tokenizer.json', '1_Pooling/config.json']) {
    cases.push([file, 'html-200', /HTML page/]);
    cases.push([file, 'html-as-json', /HTML page/]);
    cases.push([file, 'short-length', /interrupted after \d+ bytes of \d+: .*content-length|incomplete: received \d+ bytes, Content-Length says \d+/i]);
    cases.push([file, 'truncated-close', /is not valid JSON/]);
    cases.push([file, 'empty', /empty body/]);
  }
  it.each(cases)('%s served as %s: SourceError, cache untouched, the next load fetches it again', async (file, how, message) => {
    hub.rules = [{ file: new RegExp(`^${file.replace('.', '\\.')}$`), do: how }];
    const p = resolveModelDir(REPO, opts());
    await expect(p).rejects.toBeInstanceOf(SourceError);
    await expect(p).rejects.toThrow(message);
    await expect(p).rejects.toThrow(fileUrl(file));
    expect(everything(cacheDir)).toEqual([]);

    hub.rules = [];
    const before = asked(file);
    const dir = await resolveModelDir(REPO, opts());
    expect(asked(file)).toBe(before + 1);
    expect(readFileSync(join(dir, file))).toEqual(readFileSync(join(tinyModelDir('tiny-bert'), file)));
    expect((await listEntries(cacheDir)).length).toBe(1);
  });
});

describe('content coding and the hub\'s LFS headers', () => {
  it('gzip\'d JSON is accepted: the decoded length is not compared with the encoded Content-Length', async () => {
    hub.rules = [{ file: /\.json$/, do: 'gzip' }];
    const dir = await resolveModelDir(REPO, opts());
    for (const f of ['config.json', 'tokenizer.json', '1_Pooling/config.json', 'tokenizer_config.json']) {
      expect(readFileSync(join(dir, f))).toEqual(readFileSync(join(tinyModelDir('tiny-bert'), f)));
    }
  });

  it('gzip\'d JSON in memory too (the browser path)', async () => {
    hub.rules = [{ file: /\.json$/, do: 'gzip' }];
    const bytes = await downloadBytes(fileUrl('tokenizer.json'), 'tokenizer.json', false, { retryDelayMs: 1 });
    expect(bytes).toEqual(new Uint8Array(readFileSync(join(tinyModelDir('tiny-bert'), 'tokenizer.json'))));
  });

  it('an LFS redirect is followed; X-Linked-Size and the X-Linked-Etag SHA-256 are checked', async () => {
    hub.lfs = true;
    const dir = await resolveModelDir(REPO, opts());
    expect(hub.requests.some((r) => r.startsWith('/lfs/'))).toBe(true);
    expect(readdirSync(dir)).toContain('model.json');
    // In memory as well.
    const want = readFileSync(join(tinyModelDir('tiny-bert'), 'model.safetensors'));
    const got = await downloadBytes(fileUrl('model.safetensors'), 'model.safetensors', false, { retryDelayMs: 1 });
    expect(createHash('sha256').update(got!).digest('hex')).toBe(createHash('sha256').update(want).digest('hex'));
  });

  it('a body that does not match the announced SHA-256 is refused (and retried)', async () => {
    hub.rules = [{ file: /model\.safetensors$/, do: 'wrong-sha' }];
    const p = resolveModelDir(REPO, opts({ retries: 1 }));
    await expect(p).rejects.toThrow(/download corrupt: SHA-256 [0-9a-f]{64}, the server announced 0{64} \(2 attempts/);
    expect(everything(cacheDir)).toEqual([]);
    hub.rules = [{ file: /model\.safetensors$/, do: 'wrong-sha', times: 1 }];
    expect(readdirSync(await resolveModelDir(REPO, opts()))).toContain('model.json');
  });
});

describe('limits: every failure ends in bounded time', () => {
  const weights = /model\.safetensors$/;
  it('a stall after the headers: the stall timeout fires and the retry succeeds', async () => {
    hub.rules = [{ file: weights, do: 'stall', times: 1 }];
    const t = performance.now();
    expect(readdirSync(await resolveModelDir(REPO, opts({ stallTimeoutMs: 300 })))).toContain('model.json');
    expect(performance.now() - t).toBeGreaterThan(300);
  });

  it('a server that stalls every time: SourceError "stall timeout" after the retries', async () => {
    hub.rules = [{ file: weights, do: 'stall' }];
    await expect(resolveModelDir(REPO, opts({ stallTimeoutMs: 200, retries: 2 }))).rejects.toThrow(/no data for 0\.2 s \(stall timeout\) \(3 attempts/);
    hub.rules = [{ file: weights, do: 'stall-headers' }];
    await expect(resolveModelDir(REPO, opts({ stallTimeoutMs: 200, retries: 0 }))).rejects.toThrow(/request failed: no data for 0\.2 s/);
    expect(everything(cacheDir)).toEqual([]);
  });

  it('a dripping server never stalls, so the total timeout ends it', async () => {
    hub.rules = [{ file: weights, do: 'drip' }];
    const t = performance.now();
    await expect(resolveModelDir(REPO, opts({ timeoutMs: 1000 }))).rejects.toThrow(/took longer than 1 s \(its total timeout\)/);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(everything(cacheDir)).toEqual([]);
  });

  it('503 with Retry-After: waited for, then retried', async () => {
    hub.rules = [{ file: /^config\.json$/, do: '503', retryAfter: '1', times: 1 }];
    const t = performance.now();
    expect(readdirSync(await resolveModelDir(REPO, opts({ retryDelayMs: 1 })))).toContain('model.json');
    expect(performance.now() - t).toBeGreaterThanOrEqual(950);
    expect(asked('config.json')).toBe(2);
  });

  it('a Retry-After beyond the bound fails at once; 5xx every time fails after the retries', async () => {
    hub.rules = [{ file: /^config\.json$/, do: '503', retryAfter: '3600' }];
    await expect(resolveModelDir(REPO, opts())).rejects.toThrow(/HTTP 503 .*retry after 3600 s, more than the 120 s/);
    hub.rules = [{ file: /^config\.json$/, do: '503' }];
    await expect(resolveModelDir(REPO, opts({ retries: 3 }))).rejects.toThrow(/HTTP 503 Service Unavailable \(4 attempts\)$/);
    expect(asked('config.json')).toBe(1 + 4);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
  });

  it('connection resets are retried', async () => {
    hub.rules = [{ file: weights, do: 'reset', times: 2 }];
    expect(readdirSync(await resolveModelDir(REPO, opts()))).toContain('model.json');
    hub.rules = [{ file: weights, do: 'reset' }];
    await expect(resolveModelDir(REPO, opts({ retries: 1, cacheDir: mkdtempSync(join(tmpdir(), 'sbert-dl-reset-')) }))).rejects.toThrow(/request failed: fetch failed \(.*(socket|ECONNRESET|other side closed).*\(2 attempts/i);
  });

  it('a redirect loop stops at the redirect limit', async () => {
    hub.rules = [{ file: weights, do: 'redirect-loop' }];
    await expect(resolveModelDir(REPO, opts({ maxRedirects: 3 }))).rejects.toThrow(/more than 3 redirects/);
  });

  it('a file larger than the size cap is refused before its body is read', async () => {
    hub.rules = [{ file: weights, do: 'big' }];
    await expect(resolveModelDir(REPO, opts())).rejects.toThrow(/is 68719476736 bytes, more than the 17179869184-byte limit/);
    hub.rules = [];
    await expect(resolveModelDir(REPO, opts({ maxBytes: 100_000 }))).rejects.toThrow(/is 149280 bytes, more than the 100000-byte limit for model\.safetensors/);
    expect(everything(cacheDir)).toEqual([]);
  });

  it('"fetch failed" names its cause', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const p = resolveModelDir(REPO, { endpoint: `http://127.0.0.1:${port}`, cacheDir, retries: 0 });
    await expect(p).rejects.toBeInstanceOf(SourceError);
    await expect(p).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${port}/${REPO}/resolve/main/modules\\.json: request failed: fetch failed \\(ECONNREFUSED`));
  });

  it('a browser-side (in-memory) download has the same checks', async () => {
    hub.rules = [{ file: /^tokenizer\.json$/, do: 'html-200' }];
    await expect(resolveInMemory(REPO, { endpoint: hub.endpoint, retryDelayMs: 1 })).rejects.toThrow(/HTML page/);
  });
});

describe('a Node download goes to its file', () => {
  it('128 MiB streamed: memory stays far below the size of the file; size and hash right', async () => {
    const SIZE = 128 * 2 ** 20;
    const chunk = Buffer.alloc(2 ** 16, 7);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(SIZE) });
      let sent = 0;
      const pump = (): void => {
        while (sent < SIZE) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const dir = mkdtempSync(join(tmpdir(), 'sbert-dl-big-'));
    made.push(dir);
    try {
      const base = process.memoryUsage();
      let peak = 0;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.arrayBuffers - base.arrayBuffers, m.rss - base.rss);
      }, 10);
      const info = await downloadToFile(`http://127.0.0.1:${(server.address() as AddressInfo).port}/big.bin`, 'big.bin', false, join(dir, 'big.bin'));
      clearInterval(sampler);
      expect(info?.bytes).toBe(SIZE);
      expect(statSync(join(dir, 'big.bin')).size).toBe(SIZE);
      expect(peak).toBeLessThan(SIZE / 2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a full disk names the file and the reason (ENOSPC)', async () => {
    if (!existsSync('/dev/full')) return;
    const p = downloadToFile(fileUrl('config.json'), 'config.json', false, '/dev/full', { retryDelayMs: 1 });
    await expect(p).rejects.toBeInstanceOf(WriteError);
    await expect(p).rejects.toThrow('/dev/full: cannot write the download: no space left on the device (ENOSPC)');
  });
});
