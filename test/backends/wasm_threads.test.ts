// useWasmThreads (src/backends/node_wasm_threads.ts): XNNPACK's thread pool in Node. Each case runs
// in child processes (a backend starts once per process): the stock single-thread backend and the
// threaded one must give bit-identical embeddings (XNNPACK never splits a dot product), both within
// the wasm tolerance of the reference's goldens, with no tensor leak across encode() calls, and the
// threaded process must end by itself (its parked pthread workers must not hold Node open).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useWasmThreads } from '../../src/backends/node_wasm_threads.js';
import { ArgumentError } from '../../src/errors.js';
import { loadGoldens, loadRealGoldens, REPO_ROOT, requireRealModel } from '../helpers/goldens.js';
import { WASM_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

const SKIP_REAL = process.env['SBERT_REAL_MODEL'] === 'skip';

interface ChildResult { backend: string; threads: number; numTensors: number[]; dim: number; bits: string }

function runChild(threads: string, model: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/backends/threads_child.ts'), threads, model],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000, maxBuffer: 1 << 26 });
  // A timeout here means the process did not end by itself (status null, signal SIGTERM).
  expect(r.signal, `child ${threads} ${model} did not exit by itself: ${r.stderr}`).toBeNull();
  expect(r.status, `child ${threads} ${model} failed: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

function floats(hex: string): Float32Array {
  const b = Buffer.from(hex, 'hex');
  return new Float32Array(b.buffer, b.byteOffset, b.length / 4);
}


function checkPair(model: string, want: Float32Array): void {
  const stock = runChild('stock', model);
  const threaded = runChild('2', model);
  expect(stock.backend).toBe('wasm');
  expect(threaded.backend).toBe('wasm');
  expect(stock.threads).toBe(1);
  expect(threaded.threads).toBe(2);
  expect(threaded.bits).toBe(stock.bits);
  expect(threaded.numTensors[1]).toBe(threaded.numTensors[0]);
  expect(maxAbsDiff(floats(threaded.bits), want)).toBeLessThan(WASM_ATOL);
}

describe('useWasmThreads', () => {
  it.each(['tiny-bert', 'tiny-roberta', 'tiny-distilbert'] as const)('%s: 2 threads = 1 thread bit for bit, within 1e-4 of the reference', (name) => {
    checkPair(name, loadGoldens(name).tensor('sentence_embedding').data as Float32Array);
  }, 240_000);

  it.skipIf(SKIP_REAL)('all-MiniLM-L6-v2, 128 STSb sentences: 2 threads = 1 thread bit for bit, within the wasm tolerance', () => {
    requireRealModel();
    const g = loadRealGoldens().tensor('sentence_embedding');
    checkPair('real', (g.data as Float32Array).subarray(0, 128 * g.shape[1]!));
  }, 300_000);

  it('refuses a bad thread count, and a different count once wasm has started', async () => {
    await expect(useWasmThreads(0)).rejects.toThrow(ArgumentError);
    await expect(useWasmThreads(1.5)).rejects.toThrow(/threads.*positive integer/);
    await tf.setBackend('wasm');
    await expect(useWasmThreads(2)).rejects.toThrow(/already runs with 1 thread.*before the first/);
    await expect(useWasmThreads(1)).resolves.toBe(1);
    expect(tf.getBackend()).toBe('wasm');
  });
});
