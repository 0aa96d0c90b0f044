// One Vite dev server for the demo page and the browser test pages. Root is the repo root so
// pages import the library straight from src/ (Vite compiles the TypeScript on the fly).
// Converted model folders are mounted under /models/<name>/ by a tiny static middleware that
// also counts requests (the Cache API test asserts that a second load downloads nothing).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Plugin, type ViteDevServer } from 'vite';

export const REPO_ROOT = resolve(new URL('../..', import.meta.url).pathname);

export interface ModelMount {
  /** Name in the URL: /models/<name>/... */
  name: string;
  /** Folder on disk holding model.json + shards + config/tokenizer files. */
  dir: string;
}

export interface SbertServerOptions {
  port?: number; // 0 = any free port
  models: ModelMount[];
  /** Where `/` redirects (e.g. '/demo/'). */
  home?: string;
  /** Quiet Vite's own logging (tests). */
  quiet?: boolean;
}

export interface SbertServer {
  vite: ViteDevServer;
  url: string; // http://127.0.0.1:<port>
  /** Requests under /models/, keyed "<METHOD> <path>", since the last clear(). */
  requests: Map<string, number>;
  /** Serves another converted folder (or replaces one) under /models/<name>/. */
  mount(m: ModelMount): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.model': 'application/octet-stream',
};

function mimeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? MIME[file.slice(dot)] : undefined) ?? 'application/octet-stream';
}

function modelsPlugin(byName: Map<string, string>, requests: Map<string, number>, home?: string): Plugin {
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    // Cross-origin isolation (needed for SharedArrayBuffer, i.e. wasm threads) is opt-in per
    // page with ?coi=1: only the top-level document needs the headers; same-origin
    // subresources pass COEP require-corp as they are.
    if (url.searchParams.get('coi') === '1') {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    if (home !== undefined && url.pathname === '/') {
      res.statusCode = 302;
      res.setHeader('Location', home + url.search);
      res.end();
      return;
    }
    if (url.pathname === '/models/index.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify([...byName.keys()]));
      return;
    }
    const m = /^\/models\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (m === null) return next();
    const dir = byName.get(decodeURIComponent(m[1]!));
    const file = dir === undefined ? undefined : resolve(dir, decodeURIComponent(m[2]!));
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    if (dir === undefined || file === undefined || !file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`not found: ${url.pathname}`);
      return;
    }
    res.setHeader('Content-Type', mimeOf(file));
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-store'); // so only our Cache API layer can avoid a download
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
  return {
    name: 'sbert-models',
    configureServer(server) {
      server.middlewares.use(serve);
    },
  };
}

/** Lists converted model folders (those holding a model.json) under `root`. */
export async function findConvertedModels(root: string): Promise<ModelMount[]> {
  if (!existsSync(root)) return [];
  const names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  return names.filter((n) => existsSync(join(root, n, 'model.json'))).sort().map((name) => ({ name, dir: join(root, name) }));
}

/** A free TCP port on 127.0.0.1 (Vite treats port 0 as "use 5173", which other tools may hold). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createNetServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a !== null && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

export async function startSbertServer(opts: SbertServerOptions): Promise<SbertServer> {
  const port = opts.port === undefined || opts.port === 0 ? await freePort() : opts.port;
  const requests = new Map<string, number>();
  const byName = new Map(opts.models.map((m) => [m.name, resolve(m.dir)]));
  const vite = await createServer({
    configFile: false,
    root: REPO_ROOT,
    logLevel: opts.quiet === true ? 'error' : 'info',
    cacheDir: join(REPO_ROOT, 'node_modules/.vite-sbert-browser'),
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
    // Pre-bundle tfjs up front: a dependency discovered mid-run makes Vite reload the page.
    optimizeDeps: {
      entries: ['demo/index.html', 'test/browser/page/index.html'],
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-backend-cpu',
        '@tensorflow/tfjs-backend-wasm',
        '@tensorflow/tfjs-backend-webgl',
        '@tensorflow/tfjs-backend-webgpu',
      ],
    },
    plugins: [modelsPlugin(byName, requests, opts.home)],
  });
  await vite.listen();
  const addr = vite.httpServer?.address();
  if (addr === null || addr === undefined || typeof addr === 'string') throw new Error('Vite did not report a TCP port');
  return {
    vite,
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    mount: (m) => void byName.set(m.name, resolve(m.dir)),
    close: () => vite.close(),
  };
}
