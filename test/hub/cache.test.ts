// The Node cache is keyed by content: weights overwritten in place and config edits in module
// folders are seen at the next load, two models under one long path never share an entry, a
// failed conversion or load leaves the cache as it was, temp folders of dead processes are
// cleaned, and `sbert cache list|clear` shows and removes entries.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { command as cacheCommand } from '../../src/cli/commands/cache.js';
import { ArgumentError, CheckpointError } from '../../src/errors.js';
import { clearCache, listEntries, TEMP_PREFIX } from '../../src/hub/node_cache.js';
import { resolveModelDir } from '../../src/hub/node_resolve.js';
import { SentenceTransformer } from '../../src/index.node.js';
import { FIXTURES_DIR, tinyModelDir } from '../helpers/goldens.js';

const CLASSIC = join(FIXTURES_DIR, 'classic', 'tiny-bert-dense');
const SENTENCES = ['a cache keyed by content', 'weights written in place'];
let work: string;
let cacheDir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'sbert-cache-test-'));
  cacheDir = join(work, 'cache');
});
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function copy(from: string, to: string): string {
  cpSync(from, to, { recursive: true });
  dirs.push(work);
  return to;
}

async function embed(path: string): Promise<number[][]> {
  const model = await SentenceTransformer.load(path, { cacheDir });
  try {
    return (await model.encode(SENTENCES)).map((v) => Array.from(v));
  } finally {
    model.dispose();
  }
}

/** The safetensors file with 1 added to every value of `embeddings.LayerNorm.bias` (same size). */
function shiftedBias(file: string): Buffer {
  const b = Buffer.from(readFileSync(file));
  const n = Number(b.readBigUInt64LE(0));
  const header = JSON.parse(b.subarray(8, 8 + n).toString()) as Record<string, { data_offsets: [number, number] }>;
  const [from, to] = header['embeddings.LayerNorm.bias']!.data_offsets;
  for (let at = 8 + n + from; at < 8 + n + to; at += 4) b.writeFloatLE(b.readFloatLE(at) + 1, at);
  return b;
}

/** The cache's folders and files other than the entries' own (temp and trash folders). */
const strays = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.startsWith('.')) : []);

describe('content keys', () => {
  it('overwriting model.safetensors in place changes the embeddings on the next load (read in place, no copy)', async () => {
    const dir = copy(tinyModelDir('tiny-bert'), join(work, 'model'));
    const before = await embed(dir);
    writeFileSync(join(dir, 'model.safetensors'), shiftedBias(join(dir, 'model.safetensors')));
    const after = await embed(dir);
    expect(after).not.toEqual(before);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]); // nothing copied
  });

  it('a pickle folder: weights written in place and a config edit in a module folder each give a new entry', async () => {
    const dir = copy(CLASSIC, join(work, 'classic'));
    const first = await resolveModelDir(dir, { cacheDir });
    const e1 = await embed(dir);
    expect(await resolveModelDir(dir, { cacheDir })).toBe(first);

    // The same bytes written again in place: same size, new mtime: a new entry, the old one removed.
    const weights = join(dir, '2_Dense', 'pytorch_model.bin');
    writeFileSync(weights, readFileSync(weights));
    const second = await resolveModelDir(dir, { cacheDir });
    expect(second).not.toBe(first);
    expect(existsSync(first)).toBe(false);
    expect(await embed(dir)).toEqual(e1);

    // A config edit in a module sub-folder: max pooling → mean pooling.
    const pooling = join(dir, '1_Pooling', 'config.json');
    writeFileSync(pooling, readFileSync(pooling, 'utf8').replace('"pooling_mode_mean_tokens": false', '"pooling_mode_mean_tokens": true').replace('"pooling_mode_max_tokens": true', '"pooling_mode_max_tokens": false'));
    const e3 = await embed(dir);
    expect(e3).not.toEqual(e1);
    expect((await listEntries(cacheDir)).map((e) => e.source)).toEqual([dir]);
  });

  it('two models under a path longer than 200 characters never share an entry', async () => {
    const long = join(work, 'x'.repeat(120), 'y'.repeat(120));
    mkdirSync(long, { recursive: true });
    const a = copy(CLASSIC, join(long, 'model-a'));
    const b = copy(CLASSIC, join(long, 'model-b'));
    const pooling = join(b, '1_Pooling', 'config.json');
    writeFileSync(pooling, readFileSync(pooling, 'utf8').replace('"pooling_mode_cls_token": false', '"pooling_mode_cls_token": true').replace('"pooling_mode_max_tokens": true', '"pooling_mode_max_tokens": false'));
    expect(a.length).toBeGreaterThan(200);
    const ea = await embed(a);
    const eb = await embed(b);
    expect(eb).not.toEqual(ea);
    expect(await embed(a)).toEqual(ea);
    const entries = await listEntries(cacheDir);
    expect(entries.map((e) => e.source).sort()).toEqual([a, b]);
    expect(new Set(entries.map((e) => e.key)).size).toBe(2);
  });
});

describe('nothing left behind', () => {
  it('a failed conversion leaves the cache as it was', async () => {
    const good = copy(CLASSIC, join(work, 'good'));
    await resolveModelDir(good, { cacheDir });
    const before = await listEntries(cacheDir);
    const bad = copy(CLASSIC, join(work, 'bad'));
    writeFileSync(join(bad, 'pytorch_model.bin'), Buffer.alloc(4096, 0x5a));
    await expect(resolveModelDir(bad, { cacheDir })).rejects.toBeInstanceOf(CheckpointError);
    expect(await listEntries(cacheDir)).toEqual(before);
    expect(strays()).toEqual([]);
  });

  it('a failed load removes the entry it installed', async () => {
    const good = copy(CLASSIC, join(work, 'good'));
    await embed(good);
    const before = await listEntries(cacheDir);
    const bad = copy(CLASSIC, join(work, 'bad-tokenizer'));
    writeFileSync(join(bad, 'tokenizer.json'), '{"model": {"type": "NoSuchModel"}}');
    await expect(SentenceTransformer.load(bad, { cacheDir })).rejects.toThrow(/tokenizer\.json/);
    expect(await listEntries(cacheDir)).toEqual(before);
    expect(strays()).toEqual([]);
  });

  it('temp folders of dead processes are removed by the next install; a live writer\'s are kept', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const live = spawnSync('sh', ['-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }).stdout.trim();
    mkdirSync(join(cacheDir, `${TEMP_PREFIX}${dead}-0123abcd`, 'entry'), { recursive: true });
    mkdirSync(join(cacheDir, `${TEMP_PREFIX}${live}-0123abcd`, 'entry'), { recursive: true });
    await resolveModelDir(copy(CLASSIC, join(work, 'm')), { cacheDir });
    expect(strays()).toEqual([`${TEMP_PREFIX}${live}-0123abcd`]);
    process.kill(Number(live), 'SIGKILL');
  });
});

describe('sbert cache list|clear', () => {
  async function run(argv: string[]): Promise<string> {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => out.push(s) > 0) as typeof process.stdout.write;
    try {
      expect(await cacheCommand.run([...argv, '--cache-dir', cacheDir])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    return out.join('');
  }

  it('lists entries with source, size and date; clears one, then all', async () => {
    const a = copy(CLASSIC, join(work, 'a'));
    const b = copy(CLASSIC, join(work, 'b'));
    await resolveModelDir(a, { cacheDir });
    await resolveModelDir(b, { cacheDir });
    const listed = await run(['list']);
    const lines = listed.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^local/[0-9a-f]{16} +\\d+\\.\\d (kB|MB)  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  ${a}$`));
    expect(lines[2]).toMatch(/^2 entries, .* in /);

    const id = lines[1]!.split(' ')[0]!;
    expect(await run(['clear', id])).toMatch(new RegExp(`removed ${id}.*${b}\\n1 entry removed`));
    expect((await listEntries(cacheDir)).map((e) => e.source)).toEqual([a]);
    await expect(cacheCommand.run(['clear', 'no-such-entry', '--cache-dir', cacheDir])).rejects.toBeInstanceOf(ArgumentError);

    expect(await run(['clear'])).toMatch(/1 entry removed/);
    expect(await listEntries(cacheDir)).toEqual([]);
    expect(await clearCache(cacheDir)).toEqual([]);
  });
});
