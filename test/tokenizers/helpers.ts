// Shared paths and loaders for the tokenizer tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSource } from '../../src/io/node_file_source.js';
import { loadTokenizer, type Tokenizer } from '../../src/tokenizers/index.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const TOKENIZER_FIXTURES = join(ROOT, 'test/fixtures/tokenizers');
export const MINILM = 'all-MiniLM-L6-v2';

/** Where the real model is: .cache/models/all-MiniLM-L6-v2 (npm run fetch-model), or $MINILM_DIR. */
export function minilmDir(): string {
  return process.env['MINILM_DIR'] ?? join(ROOT, '.cache/models', MINILM);
}

/** A golden's folder (relative to the repo root), with the real model redirected by $MINILM_DIR. */
export function resolveDir(dir: string): string {
  if (dir === `.cache/models/${MINILM}`) return minilmDir();
  return join(ROOT, dir);
}

export function requireCache(path: string, script: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`${script}\` first (it writes this file into .cache/)`);
  }
}

export interface Goldens {
  strings: string[];
  tokenizers: Record<string, { dir: string; ids: number[][] }>;
  models: Record<string, { dir: string; max_seq_length: number; do_lower_case: boolean; input_ids: number[][] }>;
}

export function readGoldens(path: string): Goldens {
  return JSON.parse(readFileSync(path, 'utf-8')) as Goldens;
}

export async function loadDir(dir: string): Promise<Tokenizer> {
  return loadTokenizer(nodeSource(dir));
}
