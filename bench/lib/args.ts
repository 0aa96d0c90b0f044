// Tiny argv helpers for the bench scripts (the CLI's parser is for `sbert` commands).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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
