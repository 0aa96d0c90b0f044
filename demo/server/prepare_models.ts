// Makes sure converted model folders exist before a page asks for them: the real
// all-MiniLM-L6-v2 (from `npm run fetch-model`) into .cache/converted/, the tiny committed
// fixture models into .cache/converted/tiny/. Conversion runs H2's TypeScript converter.
import { existsSync, rmSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { convertPath } from '../../converters/node.js';
import { REPO_ROOT, type ModelMount } from './vite_server.js';

export const REAL_MODEL = 'all-MiniLM-L6-v2';
export const REAL_MODEL_DIR = join(REPO_ROOT, '.cache/models', REAL_MODEL);
export const CONVERTED_ROOT = join(REPO_ROOT, '.cache/converted');
export const FIXTURE_MODELS_ROOT = join(REPO_ROOT, 'test/fixtures/models');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const f of ['model.safetensors', 'pytorch_model.bin', 'config.json', 'modules.json']) {
    const p = join(dir, f);
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Converts `srcDir` into `outDir` unless outDir/model.json is newer than the checkpoint. */
export async function ensureConverted(srcDir: string, outDir: string, log: (s: string) => void = () => {}): Promise<string> {
  const manifest = join(outDir, 'model.json');
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestMtime(srcDir)) return outDir;
  const t0 = performance.now();
  rmSync(outDir, { recursive: true, force: true }); // convertPath wants a new (or empty) folder
  convertPath(srcDir, outDir, { dtype: 'float32' });
  log(`converted ${srcDir} -> ${outDir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return outDir;
}

/** Converted tiny fixture models (test/fixtures/models/<name>/), one mount each. */
export async function prepareTinyModels(log?: (s: string) => void): Promise<ModelMount[]> {
  if (!existsSync(FIXTURE_MODELS_ROOT)) throw new Error(`${FIXTURE_MODELS_ROOT} is missing (H1's fixtures: .venv/bin/python test/reference/make_fixtures.py)`);
  const names = (await readdir(FIXTURE_MODELS_ROOT, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const mounts: ModelMount[] = [];
  for (const name of names) {
    mounts.push({ name, dir: await ensureConverted(join(FIXTURE_MODELS_ROOT, name), join(CONVERTED_ROOT, 'tiny', name), log) });
  }
  return mounts;
}

/** The converted real model, or an Error saying which script fills the cache. */
export async function prepareRealModel(log?: (s: string) => void): Promise<ModelMount> {
  if (!existsSync(join(REAL_MODEL_DIR, 'config.json'))) {
    throw new Error(`${REAL_MODEL_DIR} is missing: run \`npm run fetch-model\` first`);
  }
  return { name: REAL_MODEL, dir: await ensureConverted(REAL_MODEL_DIR, join(CONVERTED_ROOT, REAL_MODEL), log) };
}
