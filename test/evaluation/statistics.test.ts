// Statistics against scipy / sklearn values (written by test/reference/make_eval_goldens.py for
// crafted inputs with ties) and against first principles.
import { describe, expect, it } from 'vitest';
import { averagePrecision, matthewsCorrcoef, pearson, rankAverage, spearman } from '../../src/evaluation/statistics.js';
import { findBestAccuracyAndThreshold, findBestF1AndThreshold, nextAfterFloat32 } from '../../src/evaluation/thresholds.js';
import { readFixtureJson } from './helpers.js';

interface CorrCase { x: number[]; y: number[]; pearson: number | null; spearman: number | null; rank_x: number[]; rank_y: number[] }
interface Search { accuracy: number; accuracy_threshold: number; f1: number; precision: number; recall: number; f1_threshold: number }
interface BinCase { labels: number[]; scores: number[]; average_precision?: number; mcc_at_0_5: number; search_high: Search; search_low: Search }
const golden = readFixtureJson<{ correlations: Record<string, CorrCase>; binary: Record<string, BinCase> }>('statistics.json');

/** scipy and we both work in float64 but sum in different orders. */
const STAT_TOL = 1e-12;

const orNaN = (v: number | null): number => (v === null ? Number.NaN : v);

describe('pearson / spearman / rankAverage vs scipy', () => {
  for (const [name, c] of Object.entries(golden.correlations)) {
    it(name, () => {
      expect(Array.from(rankAverage(c.x))).toEqual(c.rank_x);
      expect(Array.from(rankAverage(c.y))).toEqual(c.rank_y);
      const p = pearson(c.x, c.y);
      const s = spearman(c.x, c.y);
      if (c.pearson === null) expect(p).toBeNaN();
      else expect(Math.abs(p - orNaN(c.pearson))).toBeLessThanOrEqual(STAT_TOL);
      if (c.spearman === null) expect(s).toBeNaN();
      else expect(Math.abs(s - orNaN(c.spearman))).toBeLessThanOrEqual(STAT_TOL);
    });
  }
});

describe('statistics from first principles', () => {
  it('pearson is 1 for a positive affine map and -1 for a negative one', () => {
    const x = [0.3, 1.7, -2, 5, 4.25];
    expect(pearson(x, x.map((v) => 3 * v + 2))).toBeCloseTo(1, 14);
    expect(pearson(x, x.map((v) => -0.5 * v + 7))).toBeCloseTo(-1, 14);
  });
  it('spearman is 1 for any increasing map and ties take average ranks', () => {
    const x = [1, 2, 3, 4, 5];
    expect(spearman(x, x.map((v) => Math.exp(v)))).toBeCloseTo(1, 14);
    expect(Array.from(rankAverage([10, 20, 20, 30, 20]))).toEqual([1, 3, 3, 5, 3]);
  });
  it('average precision of a perfect ranking is 1 and of [0,1] ranked last is 1/2', () => {
    expect(averagePrecision([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(averagePrecision([0, 1], [0.9, 0.1])).toBe(0.5);
  });
  it('MCC is 1 for perfect predictions, -1 for inverted ones, 0 when predictions are constant', () => {
    expect(matthewsCorrcoef([1, 0, 1, 0], [1, 0, 1, 0])).toBe(1);
    expect(matthewsCorrcoef([1, 0, 1, 0], [0, 1, 0, 1])).toBe(-1);
    expect(matthewsCorrcoef([1, 0, 1, 0], [1, 1, 1, 1])).toBe(0);
  });
  it('nextAfterFloat32 steps one float32 ulp', () => {
    expect(nextAfterFloat32(1, true)).toBe(1 + 2 ** -23);
    expect(nextAfterFloat32(1, false)).toBe(1 - 2 ** -24);
    expect(nextAfterFloat32(-1, true)).toBe(-1 + 2 ** -24);
    expect(nextAfterFloat32(0, false)).toBe(-(2 ** -149));
  });
  it('rejects arrays of different lengths and non-binary labels', () => {
    expect(() => pearson([1, 2], [1, 2, 3])).toThrow(/same length/);
    expect(() => averagePrecision([2, 0], [0.1, 0.2])).toThrow(/0 or 1/);
  });
});

describe('average precision, MCC and threshold searches vs sklearn and the reference evaluator', () => {
  for (const [name, c] of Object.entries(golden.binary)) {
    it(name, () => {
      if (c.average_precision !== undefined) {
        expect(Math.abs(averagePrecision(c.labels, c.scores) - c.average_precision)).toBeLessThanOrEqual(STAT_TOL);
      }
      const predicted = c.scores.map((s) => (s >= 0.5 ? 1 : 0));
      expect(Math.abs(matthewsCorrcoef(c.labels, predicted) - c.mcc_at_0_5)).toBeLessThanOrEqual(STAT_TOL);
      for (const [high, want] of [[true, c.search_high], [false, c.search_low]] as const) {
        const acc = findBestAccuracyAndThreshold(c.scores, c.labels, high);
        const f1 = findBestF1AndThreshold(c.scores, c.labels, high);
        // Thresholds are float32 values the reference computed in float32: they must match exactly.
        expect({ ...acc, ...f1 }).toEqual({
          accuracy: want.accuracy,
          threshold: want.f1_threshold,
          f1: want.f1,
          precision: want.precision,
          recall: want.recall,
        });
        expect(acc.threshold).toBe(want.accuracy_threshold);
      }
    });
  }
});
