// sklearn.metrics.f1_score for multi-class labels, as the reference's
// CrossEncoderClassificationEvaluator calls it (average "macro", "micro", "weighted"): over the
// labels that occur in either the gold or the predicted labels, a label's F1 is
// 2·tp / (2·tp + fp + fn), 0 when it is never gold nor predicted correctly (sklearn's zero_division).
import { ArgumentError } from '../../errors.js';

export interface F1Averages {
  f1_macro: number;
  f1_micro: number;
  f1_weighted: number;
}

export function f1Averages(gold: ArrayLike<number>, predicted: ArrayLike<number>): F1Averages {
  if (gold.length !== predicted.length) throw new ArgumentError('f1Averages', `got ${gold.length} labels and ${predicted.length} predictions`);
  const labels = [...new Set([...Array.from(gold), ...Array.from(predicted)])].sort((a, b) => a - b);
  let macro = 0;
  let weighted = 0;
  let tpAll = 0;
  let errors = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label;
      const p = predicted[i] === label;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    macro += f1;
    weighted += f1 * (tp + fn);
    tpAll += tp;
    errors += fp + fn;
  }
  const n = gold.length;
  return {
    f1_macro: labels.length === 0 ? 0 : macro / labels.length,
    // Every wrong prediction is one false positive and one false negative: micro F1 = accuracy.
    f1_micro: tpAll === 0 ? 0 : (2 * tpAll) / (2 * tpAll + errors),
    f1_weighted: n === 0 ? 0 : weighted / n,
  };
}

/** The first index of the largest value of each row (numpy.argmax). */
export function argmaxRows(rows: readonly ArrayLike<number>[]): number[] {
  return rows.map((r) => {
    let best = 0;
    for (let j = 1; j < r.length; j++) if (r[j]! > r[best]!) best = j;
    return best;
  });
}
