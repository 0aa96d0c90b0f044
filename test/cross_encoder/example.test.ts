// examples/retrieve_rerank.ts keeps working on the tiny fixtures: 100 retrieved, top 5 printed
// by rerank score.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/goldens.js';

const cache = mkdtempSync(join(tmpdir(), 'sbert-rerank-example-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('examples/retrieve_rerank.ts', () => {
  it('retrieves 100 candidates and prints the top 5 by cross-encoder score', () => {
    const out = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['examples/retrieve_rerank.ts', '--top-k', '5'],
      { cwd: REPO_ROOT, encoding: 'utf-8', env: { ...process.env, SBERT_TFJS_CACHE: cache } });
    expect(out).toContain('100 retrieved, top 5 after reranking');
    const scores = out.split('\n').filter((l) => /^\s*\d+\. rerank/.test(l)).map((l) => Number(/rerank (\S+)/.exec(l)![1]));
    expect(scores).toHaveLength(5);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  }, 120_000);
});
