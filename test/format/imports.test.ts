// Import direction and what the core reaches statically. converters/ is the conversion API on
// top of src/, so nothing under src/ may import it. SentenceTransformer and the browser entry
// must not reach the hub downloader, and loading a converted folder must not reach the checkpoint
// readers except through import() (a lazy chunk a bundler only fetches when a raw checkpoint is
// loaded). Type-only imports are erased, so they do not count.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const rel = (p: string): string => relative(ROOT, p).split('\\').join('/');

/** Relative specifiers of the static value imports and re-exports of a file (not `import type`, not `import()`). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm)) {
    if (m[2] === undefined) out.push(m[3]!);
  }
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push(m[1]!);
  return out;
}

function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const spec of staticImports(entry)) {
    if (spec.startsWith('.')) reachable(resolve(dirname(entry), spec.replace(/\.js$/, '.ts')), seen);
  }
  return seen;
}

const READERS = ['zip', 'pickle', 'torch', 'safetensors', 'read'].map((n) => `src/checkpoint/${n}.ts`);
const DOWNLOADER = ['src/hub/download.ts', 'src/hub/hub_files.ts', 'src/hub/memory_resolve.ts'];

describe('imports run converters -> src only', () => {
  it('no file under src/ imports converters/', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
    const offenders = files.filter((f) => /['"](\.\.\/)+converters\//.test(readFileSync(f, 'utf8'))).map(rel);
    expect(offenders).toEqual([]);
  });
});

describe('what the core reaches without import()', () => {
  it.each(['src/pipeline/sentence_transformer.ts', 'src/index.browser.ts'])('%s: no hub downloader, no checkpoint reader', (entry) => {
    const all = [...reachable(join(ROOT, entry))].map(rel);
    expect(all.filter((f) => DOWNLOADER.includes(f) || READERS.includes(f))).toEqual([]);
    // The converted-folder path itself is there.
    expect(all).toContain('src/io/weights_manifest.ts');
  });
  it('the Node entry still reaches the downloader and the converter', () => {
    const all = [...reachable(join(ROOT, 'src/index.node.ts'))].map(rel);
    expect(all).toEqual(expect.arrayContaining(['src/hub/hub_files.ts', 'src/convert/convert.ts', ...READERS]));
  });
});
