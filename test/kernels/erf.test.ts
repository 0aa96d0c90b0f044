// The SIMD erf (src/kernels/erf.ts) against first principles (a float64 Taylor series) and
// against the stock wasm Erf kernel it replaces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { erfInto, restoreStockErf, useFastErf } from '../../src/kernels/erf.js';
import { erf64 } from './reference_math.js';

/** Abramowitz–Stegun 7.1.26's bound (1.5e-7) plus float32 rounding in t, the polynomial and exp
 *  (a few ulps of values near 1, ~2.5e-7; measured worst 3.9e-7). For GELU this is far below
 *  the 1e-5 parity budget. */
const ERF_TOL = 5e-7;

function grid(): Float32Array {
  const xs: number[] = [];
  for (let x = -7; x <= 7; x += 0.0037) xs.push(x);
  xs.push(0, -0, 1e-8, -1e-8, 9.5, -9.5, 30, -30, 1e30, -1e30);
  return Float32Array.from(xs);
}

describe('erfInto', () => {
  it(`is within ${ERF_TOL} of erf on [-7, 7] and at the extremes`, () => {
    const x = grid();
    const y = new Float32Array(x.length);
    erfInto(x, y);
    let worst = 0;
    x.forEach((v, i) => { worst = Math.max(worst, Math.abs(y[i]! - erf64(v))); });
    expect(worst).toBeLessThanOrEqual(ERF_TOL);
  });

  it('gives ±1 at ±Infinity and NaN for NaN', () => {
    const y = new Float32Array(5);
    erfInto(Float32Array.from([Infinity, -Infinity, NaN, 0, -0]), y);
    expect(Array.from(y.subarray(0, 2))).toEqual([1, -1]);
    expect(Number.isNaN(y[2]!)).toBe(true);
    expect(y[3]).toBe(0);
  });

  it('does not depend on where a value sits (SIMD lanes vs the scalar tail)', () => {
    const x = Float32Array.from([0.3, -1.7, 2.2, 0.01, -0.5, 3.3, 1.1]); // 4 lanes + 3 tail
    const y = new Float32Array(7);
    erfInto(x, y);
    const shifted = new Float32Array(7);
    erfInto(Float32Array.from([...x.subarray(4), ...x.subarray(0, 4)]), shifted);
    expect(Array.from(shifted)).toEqual([...y.subarray(4), ...y.subarray(0, 4)]);
  });
});

describe('useFastErf on the wasm backend', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(() => restoreStockErf());

  it('matches the stock wasm Erf within the formula bound and leaks nothing', () => {
    const x = tf.tensor1d(grid());
    restoreStockErf();
    const stock = tf.tidy(() => tf.erf(x).dataSync() as Float32Array);
    useFastErf();
    const before = tf.memory().numTensors;
    const fast = tf.tidy(() => tf.erf(x).dataSync() as Float32Array);
    expect(tf.memory().numTensors).toBe(before);
    let worst = 0;
    fast.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - stock[i]!)); });
    expect(worst).toBeLessThanOrEqual(ERF_TOL);
    x.dispose();
  });
});
