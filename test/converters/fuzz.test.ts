// Fuzz: ≥ 10,000 mutated fixture checkpoints (bit flips, truncations, random overwrites,
// insertions, deletions, boundary integers; seeded PRNG). Every read must either succeed or throw
// a CheckpointError: no other exception type, no crash, no hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { FLOAT_DTYPES, readCheckpoint, readZip, toFloat32 } from '../../src/checkpoint/index.js';
import { mutateBytes, prng } from '../fuzz/mutate.js';
import { zipFile } from './helpers/zip_bytes.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
const SEED = Number(process.env['SBERT_FUZZ_SEED'] ?? 0x5eed_2026);
const FUZZ_TIME_LIMIT_MS = 60_000;

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
      ['cases.pt', 2000, () => mutateBytes(zipPt, rand)],
      ['cases.pt data.pkl (CRC fixed)', 2500, () => rezipWithPickle(zipPt, mutateBytes(pickle, rand))],
      ['cases_p4.pt data.pkl (CRC fixed)', 1000, () => rezipWithPickle(zipPt, mutateBytes(pickleP4, rand))],
      ['cases_legacy.pt', 2500, () => mutateBytes(load('cases_legacy.pt'), rand)],
      ['cases_legacy_p4.pt', 700, () => mutateBytes(load('cases_legacy_p4.pt'), rand)],
      ['legacy_view.pt', 500, () => mutateBytes(load('legacy_view.pt'), rand)],
      ['2_Dense/model.safetensors', 1500, () => mutateBytes(safetensors, rand)],
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
