// The real corpus: STS benchmark sentences from the shared data folder (../shared/data relative
// to the repo root; SBERT_STSB_DIR overrides). Tab-separated, no quoting; sentences in columns 6
// and 7 (some rows carry extra source columns after them).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './args.js';

export function stsbDir(): string {
  return process.env.SBERT_STSB_DIR ?? resolve(REPO_ROOT, '../shared/data/stsbenchmark');
}

function readSplit(file: string): string[] {
  const path = join(stsbDir(), file);
  if (!existsSync(path)) throw new Error(`bench: ${path} not found (set SBERT_STSB_DIR to the stsbenchmark folder)`);
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const cols = line.split('\t');
    if (cols.length < 7) throw new Error(`bench: ${path}: a row has ${cols.length} columns, expected at least 7`);
    out.push(cols[5]!, cols[6]!);
  }
  return out;
}

/** Every STSb test sentence, both columns, in file order (2,758). */
export function readStsbSentences(): string[] {
  return readSplit('sts-test.csv');
}

/** The first `n` sentences of STSb train (for the 10,000-sentence memory run). */
export function readStsbTrainSentences(n: number): string[] {
  return readSplit('sts-train.csv').slice(0, n);
}
