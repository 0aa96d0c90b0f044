// The statistics the reference evaluators call, computed the way the reference libraries do:
// scipy.stats.pearsonr / spearmanr / rankdata and sklearn.metrics.average_precision_score /
// matthews_corrcoef. Everything is float64 (scipy promotes float32 scores against float64 gold
// labels); NaN where scipy returns NaN (constant input).
import { ArgumentError } from '../errors.js';

type Numbers = ArrayLike<number>;

function checkPaired(x: Numbers, y: Numbers, what: string, minLength: number): void {
  if (x.length !== y.length) {
    throw new ArgumentError(what, `needs two arrays of the same length, got ${x.length} and ${y.length}`);
  }
  if (x.length < minLength) throw new ArgumentError(what, `needs at least ${minLength} values, got ${x.length}`);
}

function isConstant(x: Numbers): boolean {
  for (let i = 1; i < x.length; i++) if (x[i] !== x[0]) return false;
  return true;
}

function mean(x: Numbers): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Euclidean norm of v / scale, times scale: scipy scales by max |v| before the norm to avoid overflow. */
function scaledNorm(v: Float64Array): number {
  let scale = 0;
  for (const a of v) scale = Math.max(scale, Math.abs(a));
  if (scale === 0) return 0;
  let s = 0;
  for (const a of v) s += (a / scale) * (a / scale);
  return scale * Math.sqrt(s);
}

/** Pearson's r as scipy.stats.pearsonr(x, y).statistic: centre, scale, divide by norms, clip to [-1, 1]. */
export function pearson(x: Numbers, y: Numbers): number {
  checkPaired(x, y, 'pearson', 2);
  if (isConstant(x) || isConstant(y)) return Number.NaN; // scipy: ConstantInputWarning, r = nan
  const mx = mean(x);
  const my = mean(y);
  const xm = Float64Array.from(x, (v) => v - mx);
  const ym = Float64Array.from(y, (v) => v - my);
  const nx = scaledNorm(xm);
  const ny = scaledNorm(ym);
  let r = 0;
  for (let i = 0; i < xm.length; i++) r += (xm[i]! / nx) * (ym[i]! / ny);
  r = Math.min(1, Math.max(-1, r));
  return x.length === 2 ? Math.round(r) : r; // scipy returns exactly +-1 for n == 2
}

/**
 * Ranks 1..n as scipy.stats.rankdata(x, method='average'): tied values all get the mean of the
 * ranks they span (e.g. [10, 20, 20, 30] -> [1, 2.5, 2.5, 4]).
 */
export function rankAverage(x: Numbers): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1; // [start, end) is one group of equal values
    while (end < n && x[order[end]!] === x[order[start]!]) end++;
    const rank = (start + 1 + end) / 2; // mean of the 1-based ranks start+1 .. end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rho as scipy.stats.spearmanr(x, y).statistic: the correlation of average ranks
 * (np.corrcoef of the rankdata columns); NaN when either input is constant.
 */
export function spearman(x: Numbers, y: Numbers): number {
  checkPaired(x, y, 'spearman', 2);
  if (isConstant(x) || isConstant(y)) return Number.NaN;
  const rx = rankAverage(x);
  const ry = rankAverage(y);
  // np.corrcoef: cov(x, y) / std(x) / std(y), each divided by n - 1 as numpy does (same rounding
  // path, e.g. 0.9999999999999999 for two points), clipped to [-1, 1].
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    const dx = rx[i]! - mx;
    const dy = ry[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const dof = rx.length - 1;
  return Math.min(1, Math.max(-1, sxy / dof / Math.sqrt(sxx / dof) / Math.sqrt(syy / dof)));
}

function checkLabels(labels: Numbers, what: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new ArgumentError(what, `labels must be 0 or 1, found ${labels[i]} at index ${i}`);
    }
  }
}

/**
 * sklearn.metrics.average_precision_score(labels, scores): the step integral
 * sum_k (R_k - R_{k-1}) * P_k over the distinct score thresholds, highest first.
 * 0 when there is no positive label (sklearn warns and its recall is then all ones).
 */
export function averagePrecision(labels: Numbers, scores: Numbers): number {
  checkPaired(labels, scores, 'averagePrecision', 1);
  checkLabels(labels, 'averagePrecision');
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let totalPositives = 0;
  for (let i = 0; i < n; i++) totalPositives += labels[i]!;
  if (totalPositives === 0) return 0;
  let tp = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let k = 0; k < n; k++) {
    tp += labels[order[k]!]!;
    // Only the last index of a group of equal scores is a threshold.
    if (k + 1 < n && scores[order[k + 1]!] === scores[order[k]!]) continue;
    const precision = tp / (k + 1);
    const recall = tp / totalPositives;
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return Math.max(0, ap);
}

/** sklearn.metrics.matthews_corrcoef for 0/1 labels and predictions; 0 when undefined (a zero margin). */
export function matthewsCorrcoef(labels: Numbers, predicted: Numbers): number {
  checkPaired(labels, predicted, 'matthewsCorrcoef', 1);
  checkLabels(labels, 'matthewsCorrcoef');
  checkLabels(predicted, 'matthewsCorrcoef');
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] === 1) labels[i] === 1 ? tp++ : fp++;
    else labels[i] === 1 ? fn++ : tn++;
  }
  // sklearn's multiclass form: (c*s - t.p) / sqrt((s^2 - p.p) (s^2 - t.t)), c correct, s samples,
  // t true counts, p predicted counts per class. Identical to the 2x2 formula, same rounding path.
  const s = labels.length;
  const c = tp + tn;
  const t1 = tp + fn;
  const t0 = tn + fp;
  const p1 = tp + fp;
  const p0 = tn + fn;
  const covYtYp = c * s - (t1 * p1 + t0 * p0);
  const covYpYp = s * s - (p1 * p1 + p0 * p0);
  const covYtYt = s * s - (t1 * t1 + t0 * t0);
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}
