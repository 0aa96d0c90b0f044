// Fuzz: ≥ 10,000 mutated fixture checkpoints (bit flips, truncations, random overwrites,
// insertions, deletions, boundary integers; seeded PRNG). Every read must either succeed or throw
// a CheckpointError: no other exception type, no crash, no hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { FLOAT_DTYPES, readCheckpoint, readZip, toFloat32 } from '../../src/checkpoint/index.js';
import { zipFile } from './helpers/zip_bytes.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
const SEED = Number(process.env['SBERT_FUZZ_SEED'] ?? 0x5eed_2026);
const FUZZ_TIME_LIMIT_MS = 60_000;

/** mulberry32: small, seeded, reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  const out = src.slice();
  switch (int(6)) {
    case 0: { // 1-4 bit flips
      for (let k = 1 + int(4); k > 0; k--) { const i = int(out.length); out[i]! ^= 1 << int(8); }
      return out;
    }
    case 1: return out.subarray(0, int(out.length)); // truncation
    case 2: { // random overwrite of a short run
      const at = int(out.length);
      for (let i = at; i < Math.min(out.length, at + 1 + int(16)); i++) out[i] = int(256);
      return out;
    }
    case 3: { // boundary 32-bit integer at a random position
      const at = int(Math.max(1, out.length - 4));
      new DataView(out.buffer).setUint32(at, INTERESTING[int(INTERESTING.length)]!, rand() < 0.5);
      return out;
    }
    case 4: { // insert random bytes
      const at = int(out.length);
      const extra = Uint8Array.from({ length: 1 + int(64) }, () => int(256));
      const r = new Uint8Array(out.length + extra.length);
      r.set(out.subarray(0, at)); r.set(extra, at); r.set(out.subarray(at), at + extra.length);
      return r;
    }
    default: { // delete a chunk
      const at = int(out.length);
      const end = Math.min(out.length, at + 1 + int(64));
      const r = new Uint8Array(out.length - (end - at));
      r.set(out.subarray(0, at)); r.set(out.subarray(end), at);
      return r;
    }
  }
}

/** A torch zip whose data.pkl is mutated but whose CRCs are recomputed, so the unpickler sees it. */
function rezipWithPickle(original: Uint8Array, pickle: Uint8Array): Uint8Array {
  const zip = readZip(original, 'orig');
  return zipFile(zip.entries.map((e) => ({ name: e.name, data: e.name.endsWith('data.pkl') ? pickle : zip.read(e) })), { dataDescriptors: true });
}

describe('fuzz: mutated checkpoints give only typed errors', () => {
  it(`≥ 10,000 cases (seed ${SEED}), under ${FUZZ_TIME_LIMIT_MS / 1000} s`, () => {
    const rand = prng(SEED);
    const zipPt = load('cases.pt');
    const pickle = (() => { const z = readZip(zipPt, 'cases.pt'); return z.read(z.get('cases/data.pkl')!).slice(); })();
    const pickleP4 = (() => { const z = readZip(load('cases_p4.pt'), 'p4'); return z.read(z.entries.find((e) => e.name.endsWith('data.pkl'))!).slice(); })();
    const safetensors = new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'models', 'tiny-bert-dense', '2_Dense', 'model.safetensors')));
    const sources: [string, number, () => Uint8Array][] = [
      ['cases.pt', 2000, () => mutate(zipPt, rand)],
      ['cases.pt data.pkl (CRC fixed)', 2500, () => rezipWithPickle(zipPt, mutate(pickle, rand))],
      ['cases_p4.pt data.pkl (CRC fixed)', 1000, () => rezipWithPickle(zipPt, mutate(pickleP4, rand))],
      ['cases_legacy.pt', 2500, () => mutate(load('cases_legacy.pt'), rand)],
      ['cases_legacy_p4.pt', 700, () => mutate(load('cases_legacy_p4.pt'), rand)],
      ['legacy_view.pt', 500, () => mutate(load('legacy_view.pt'), rand)],
      ['2_Dense/model.safetensors', 1500, () => mutate(safetensors, rand)],
      ['random lengths of random bytes', 300, () => Uint8Array.from({ length: Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256))],
    ];
    const started = performance.now();
    const unexpected: string[] = [];
    const outcomes = { read: 0, refused: 0 };
    let total = 0;
    for (const [name, count, make] of sources) {
      for (let i = 0; i < count; i++, total++) {
        const bytes = make();
        try {
          const tensors = readCheckpoint(bytes, name);
          for (const t of tensors.values()) if (FLOAT_DTYPES.has(t.dtype)) toFloat32(t);
          outcomes.read++;
        } catch (e) {
          if (e instanceof CheckpointError && e.file === name) outcomes.refused++;
          else if (unexpected.length < 10) unexpected.push(`${name} #${i}: ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
    }
    const elapsed = performance.now() - started;
    expect(unexpected).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(outcomes.refused).toBeGreaterThan(1000); // mutations are really detected, not silently read
    expect(elapsed).toBeLessThan(FUZZ_TIME_LIMIT_MS);
    console.log(`fuzz: ${total} cases in ${(elapsed / 1000).toFixed(1)} s: ${outcomes.read} read, ${outcomes.refused} refused`);
  });
});
