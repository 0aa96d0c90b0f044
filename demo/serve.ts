// `npm run demo`: makes sure a converted model exists (fetching all-MiniLM-L6-v2 with
// `npm run fetch-model` when it is not cached yet), then serves the demo on 127.0.0.1.
//   tsx demo/serve.ts [--port 5180] [--no-fetch]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareRealModel, prepareTinyModels, REAL_MODEL_DIR } from './server/prepare_models.js';
import { REPO_ROOT, startSbertServer, type ModelMount } from './server/vite_server.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.PORT ?? 5180);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`--port: expected a TCP port number, got ${argv[portArg + 1]}`);
  const log = (s: string): void => console.log(`[demo] ${s}`);

  if (!existsSync(join(REAL_MODEL_DIR, 'config.json')) && !argv.includes('--no-fetch')) {
    log('all-MiniLM-L6-v2 is not cached yet: running `npm run fetch-model` …');
    const r = spawnSync('npm', ['run', '-s', 'fetch-model'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) log('fetch-model failed; serving the tiny fixture models only');
  }
  const models: ModelMount[] = [];
  try {
    models.push(await prepareRealModel(log));
  } catch (e) {
    log((e as Error).message);
  }
  try {
    models.push(...(await prepareTinyModels(log)));
  } catch (e) {
    log(`tiny fixture models not served: ${(e as Error).message}`);
  }
  const server = await startSbertServer({ port, models, home: '/demo/' });
  log(`serving ${models.map((m) => m.name).join(', ') || 'no models'}`);
  log(`open ${server.url}/  (threads: ${server.url}/demo/?coi=1&backend=wasm)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
