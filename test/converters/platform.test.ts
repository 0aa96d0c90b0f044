// The converter core must run in the browser: nothing reachable from converters/index.ts may
// import a node: module (only node.ts and measure.ts, the Node wrappers, do).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*from\s+'([^']+)'/g)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) reachable(resolve(dirname(entry), spec.replace(/\.js$/, '.ts')), seen);
    else seen.add(spec);
  }
  return seen;
}

describe('browser-safe converter core', () => {
  it('converters/index.ts reaches no node: module and no Node wrapper', () => {
    const all = [...reachable(join(ROOT, 'converters', 'index.ts'))];
    expect(all.filter((s) => s.startsWith('node:') || s.endsWith('/node.ts') || s.endsWith('/measure.ts'))).toEqual([]);
    expect(all.some((s) => s.endsWith('src/convert/convert.ts'))).toBe(true);
  });
  it('src/io/weights_manifest.ts reaches no node: module', () => {
    expect([...reachable(join(ROOT, 'src', 'io', 'weights_manifest.ts'))].filter((s) => s.startsWith('node:'))).toEqual([]);
  });
});
