// The research example keeps working: it runs on the tiny BERT fixture and prints a head.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/goldens.js';

describe('examples/research_attention.ts', () => {
  it('drops layers and prints one head\'s attention rows that sum to 1', () => {
    const out = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      ['examples/research_attention.ts', 'test/fixtures/models/tiny-bert', '--layers', '1', '--head', '1'],
      { cwd: REPO_ROOT, encoding: 'utf-8' });
    expect(out).toContain('kept 1 of 2 layers');
    expect(out).toContain('layer 0, head 1 of 4');
    expect(out).toContain('hidden states returned: 2 (= layers kept + 1)');
    const rows = out.split('\n').filter((l) => /^\S+\s+->\s+\S+(\s+\d\.\d\d)+$/.test(l.trim())).map((l) => l.trim().split(/\s+/).slice(3).map(Number));
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect(Math.abs(r.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(0.03);
  }, 60_000);
});
