// The short fuzz run: a few seconds per parser (SBERT_FUZZ_MS, default 2000) of seeded mutations
// of the committed corpus. Every input must be accepted or refused with one of the project's
// typed errors, none may take over 5 s, and a failed model load may leave no tensor behind.
// The long run is bench/fuzz.ts (npm run fuzz).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzTarget, HANG_MS } from './driver.js';
import { prepareTargets, TARGETS } from './targets.js';

const SEED = Number(process.env['SBERT_FUZZ_SEED'] ?? 0x5eed_2026);
const MS = Number(process.env['SBERT_FUZZ_MS'] ?? 2000);

beforeAll(async () => {
  await tf.setBackend('cpu');
  await prepareTargets();
});

describe('fuzz (short run)', () => {
  it.each(TARGETS.map((t) => [t.name, t] as const))('%s: typed errors only, no hangs, no leaks', async (_, target) => {
    const before = tf.memory().numTensors;
    const report = await fuzzTarget(target, { seed: SEED, maxInputs: 1_000_000, maxMs: MS });
    expect(report.inputs).toBeGreaterThan(10);
    expect(report.findings.map((f) => `${f.kind}: ${f.message}`)).toEqual([]);
    expect(report.maxMs).toBeLessThan(HANG_MS);
    expect(tf.memory().numTensors).toBe(before);
  });
});
