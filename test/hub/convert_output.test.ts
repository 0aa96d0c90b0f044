// `sbert convert`'s output folder: written beside it and renamed into place, never deleting
// what another process put there; an existing non-empty output refused without --force; two
// concurrent conversions to one folder never both succeed; Hugging Face cache snapshots (every
// file a symlink into ../../blobs/) convert; errors name the path and the system's reason.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/convert.js';
import { convertPath } from '../../src/convert/node.js';
import { ArgumentError, WriteError } from '../../src/errors.js';
import { resolveModelDir } from '../../src/hub/node_resolve.js';
import { SentenceTransformer } from '../../src/index.node.js';
import { loadGoldens, REAL_MODEL_DIR, tinyModelDir } from '../helpers/goldens.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';
import { spawnWriter, treeHashes } from './helpers/write_children.js';

const work = mkdtempSync(join(tmpdir(), 'sbert-convert-out-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(work, `case-${n++}`);
const HAS_REAL = existsSync(join(REAL_MODEL_DIR, 'model.safetensors'));
const TINY = tinyModelDir('tiny-bert-dense');

async function expectGoldens(dir: string): Promise<void> {
  await tf.setBackend('cpu');
  const model = await SentenceTransformer.load(dir, { cacheDir: join(work, 'cache') });
  const g = loadGoldens('tiny-bert-dense');
  const want = g.tensor('sentence_embedding');
  const D = want.shape[1]!;
  const got = await model.encode(g.meta.sentences);
  got.forEach((v, i) => expect(maxAbsDiff(v, want.data.subarray(i * D, (i + 1) * D))).toBeLessThan(CPU_ATOL));
  model.dispose();
}

describe('an existing output', () => {
  it('non-empty: refused without --force (saying so), replaced with it; an empty folder is used', async () => {
    const out = fresh();
    mkdirSync(out);
    convertPath(TINY, out); // empty: fine
    expect(readdirSync(out)).toContain('model.json');
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    const e = (() => {
      try {
        convertPath(TINY, out);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(ArgumentError);
    expect((e as Error).message).toMatch(/already exists and is not an empty folder; choose a new path, or pass --force/);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('keep me');

    const stdout = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      expect(await command.run([TINY, out, '--force'])).toBe(0);
    } finally {
      process.stdout.write = stdout;
    }
    expect(readdirSync(out)).not.toContain('mine.txt');
    expect(readdirSync(work).filter((f) => f.startsWith(`.${out.split('/').pop()}.`))).toEqual([]);
    await expectGoldens(out);
  });

  it('a file is never replaced, --force or not', () => {
    const out = fresh();
    writeFileSync(out, 'a file');
    expect(() => convertPath(TINY, out, { force: true })).toThrow(/is a file, not a folder/);
    expect(readFileSync(out, 'utf8')).toBe('a file');
  });
});

describe.skipIf(!HAS_REAL)('concurrent writers (the real model: its conversion lasts long enough to overlap)', () => {
  it('files put into the output folder during a conversion are kept; the conversion fails saying why', async () => {
    const out = fresh();
    const base = out.split('/').pop()!;
    const child = spawnWriter(['convert', REAL_MODEL_DIR, out]);
    await child.ready;
    // Wait for the child's temp sibling: it is converting now.
    let over = false;
    void child.exited.then(() => (over = true));
    while (!over && !readdirSync(work).some((f) => f.startsWith(`.${base}.sbert-tmp-`))) await new Promise((r) => setTimeout(r, 5));
    expect(over).toBe(false);
    mkdirSync(out);
    writeFileSync(join(out, 'theirs.txt'), 'written by another process');
    const r = await child.exited;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`WriteError: ${out}: was filled by another process during the conversion; nothing of it was replaced`));
    expect(readdirSync(out)).toEqual(['theirs.txt']);
    expect(readdirSync(work).filter((f) => f.startsWith(`.${base}.`))).toEqual([]);
  });

  it('two conversions to one new folder: exactly one succeeds, the output is whole', async () => {
    const out = fresh();
    const [a, b] = [spawnWriter(['convert', REAL_MODEL_DIR, out]), spawnWriter(['convert', REAL_MODEL_DIR, out])];
    const results = await Promise.all([a.exited, b.exited]);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const failed = results.find((r) => r.code === 1)!;
    expect(failed.stderr).toMatch(/another conversion \(pid \d+\) is writing this folder|was filled by another process|already exists and is not an empty folder/);
    const ref = fresh();
    convertPath(REAL_MODEL_DIR, ref);
    expect(treeHashes(out)).toEqual(treeHashes(ref));
  });
});

describe('Hugging Face cache snapshots', () => {
  it('a snapshot of symlinks into ../../blobs/ converts, and loads in place', async () => {
    const repo = join(work, 'models--sbert-test--tiny-bert-dense');
    const snapshot = join(repo, 'snapshots', '0123456789abcdef');
    mkdirSync(join(repo, 'blobs'), { recursive: true });
    for (const e of readdirSync(TINY, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const rel = relative(TINY, join(e.parentPath, e.name));
      const bytes = readFileSync(join(e.parentPath, e.name));
      const blob = join(repo, 'blobs', createHash('sha256').update(bytes).digest('hex'));
      writeFileSync(blob, bytes);
      mkdirSync(join(snapshot, rel, '..'), { recursive: true });
      symlinkSync(relative(join(snapshot, rel, '..'), blob), join(snapshot, rel));
    }
    const out = fresh();
    const result = convertPath(snapshot, out);
    expect(result.weights.map((w) => w.tensors).every((t) => t > 0)).toBe(true);
    expect(readdirSync(out)).toContain('model.json');
    expect(readdirSync(join(out, '2_Dense'))).toContain('model.json');
    await expectGoldens(out);
    expect(await resolveModelDir(snapshot, { cacheDir: join(work, 'cache') })).toBe(snapshot);
    await expectGoldens(snapshot);
  });
});

describe('errors name the path and the reason', () => {
  it('an output where nothing can be created: WriteError with the path and the system code', () => {
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, '');
    const out = join(blocker, 'sub', 'out');
    const e = (() => {
      try {
        convertPath(TINY, out);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(WriteError);
    expect((e as WriteError).path).toBe(out);
    expect((e as Error).message).toBe(`${out}: cannot be used as the output folder: a part of the path is not a folder (ENOTDIR)`);
  });
});
