// Tiny argv helpers for the bench scripts (the CLI's parser is for `sbert` commands).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder whose package.json is sbert-tfjs's. Found by walking up rather than a fixed '../..'
 * because bench/memory.ts also runs compiled from .cache/bench-build/bench/ (tsconfig.memory.json).
 */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'sbert-tfjs') return dir;
    if (dirname(dir) === dir) throw new Error(`bench: no sbert-tfjs package.json above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

export function flag(argv: string[], name: string): boolean {
  return argv.includes(name);
}

export function stringFlag(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

export function numberFlag(argv: string[], name: string, fallback: number): number {
  const v = Number(stringFlag(argv, name, String(fallback)));
  if (!Number.isFinite(v)) throw new Error(`${name} must be a number`);
  return v;
}

/** The real model that `npm run fetch-model` writes; SBERT_BENCH_MODEL overrides it. */
export function defaultModelDir(): string {
  return process.env.SBERT_BENCH_MODEL ?? join(REPO_ROOT, '.cache/models/all-MiniLM-L6-v2');
}

export function requireModel(dir: string): void {
  if (!existsSync(join(dir, 'model.safetensors'))) {
    throw new Error(`bench: ${dir}/model.safetensors not found; run \`npm run fetch-model\` first (or pass --model DIR)`);
  }
}
