// The best-threshold searches of the reference's BinaryClassificationEvaluator
// (find_best_acc_and_threshold, find_best_f1_and_threshold), step for step: sort by score, walk
// the groups of equal scores, and put the threshold halfway to the next group. The reference does
// that midpoint arithmetic in float32 (numpy float32 scalars), so we round with Math.fround.
import { ArgumentError } from '../errors.js';

export interface AccuracyThreshold {
  accuracy: number;
  threshold: number;
}

export interface F1Threshold {
  f1: number;
  precision: number;
  recall: number;
  threshold: number;
}

/** The next float32 after x towards +inf (up) or -inf: numpy.nextafter(x, +-inf, dtype=float32). */
export function nextAfterFloat32(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  const f = new Float32Array([x]);
  const bits = new Int32Array(f.buffer);
  // For float32 bit patterns, +1 moves away from zero and -1 towards it.
  bits[0] = (x > 0) === up ? bits[0]! + 1 : bits[0]! - 1;
  return f[0]!;
}

interface Row {
  score: number;
  label: number;
}

function sortedRows(scores: ArrayLike<number>, labels: ArrayLike<number>, highScoreMoreSimilar: boolean): Row[] {
  if (scores.length !== labels.length) {
    throw new ArgumentError('threshold search', `got ${scores.length} scores and ${labels.length} labels`);
  }
  const rows = Array.from({ length: scores.length }, (_, i) => ({ score: Math.fround(scores[i]!), label: labels[i]! }));
  // Python's sorted(..., reverse=True) is stable; ties are walked as one group anyway.
  return rows.sort(highScoreMoreSimilar ? (a, b) => b.score - a.score : (a, b) => a.score - b.score);
}

/** Halfway to the next group in float32; never a value that would take in the next group. */
function midpoint(score: number, next: number): number {
  const mid = Math.fround(Math.fround(score + next) / 2);
  return mid === next ? score : mid;
}

export function findBestAccuracyAndThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  highScoreMoreSimilar: boolean,
): AccuracyThreshold {
  const rows = sortedRows(scores, labels, highScoreMoreSimilar);
  const n = rows.length;
  let maxAccuracy = 0;
  let bestThreshold = -1;
  let positiveSoFar = 0;
  let remainingNegatives = rows.filter((r) => r.label === 0).length;
  if (n > 0) {
    // Start with the threshold that predicts every pair as dissimilar.
    maxAccuracy = remainingNegatives / n;
    bestThreshold = nextAfterFloat32(rows[0]!.score, highScoreMoreSimilar);
  }
  for (let i = 0; i < n; i++) {
    const { score, label } = rows[i]!;
    if (label === 1) positiveSoFar++;
    else remainingNegatives--;
    const isLast = i === n - 1;
    if (!isLast && score === rows[i + 1]!.score) continue;
    const accuracy = (positiveSoFar + remainingNegatives) / n;
    if (accuracy > maxAccuracy) {
      maxAccuracy = accuracy;
      bestThreshold = isLast ? score : midpoint(score, rows[i + 1]!.score);
    }
  }
  return { accuracy: maxAccuracy, threshold: bestThreshold };
}

export function findBestF1AndThreshold(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  highScoreMoreSimilar: boolean,
): F1Threshold {
  const rows = sortedRows(scores, labels, highScoreMoreSimilar);
  const n = rows.length;
  let best: F1Threshold = { f1: 0, precision: 0, recall: 0, threshold: 0 };
  let nExtract = 0;
  let nCorrect = 0;
  const totalDuplicates = rows.filter((r) => r.label === 1).length;
  for (let i = 0; i < n; i++) {
    const { score, label } = rows[i]!;
    nExtract++;
    if (label === 1) nCorrect++;
    const isLast = i === n - 1;
    if (!isLast && score === rows[i + 1]!.score) continue;
    if (nCorrect > 0) {
      const precision = nCorrect / nExtract;
      const recall = nCorrect / totalDuplicates;
      const f1 = (2 * precision * recall) / (precision + recall);
      if (f1 > best.f1) {
        best = { f1, precision, recall, threshold: isLast ? score : midpoint(score, rows[i + 1]!.score) };
      }
    }
  }
  return best;
}
