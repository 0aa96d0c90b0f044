// The per-query ranking metrics of the reference's CrossEncoderRerankingEvaluator.compute_metrics:
// MRR@k on numpy's argsort order, sklearn.metrics.ndcg_score (ties averaged) and
// average_precision_score. Relevance is 0/1, scores are the model's.
import { averagePrecision } from '../../evaluation/statistics.js';

type Numbers = ArrayLike<number>;

/**
 * 1 / rank of the first relevant document in the top k, else 0. The reference walks
 * np.argsort(scores)[::-1]: ascending and stable for the short lists it gets (numpy sorts up to 16
 * values by insertion), reversed, so of equal scores the later document comes first.
 */
export function mrrAtK(relevant: Numbers, scores: Numbers, k: number): number {
  const ranking = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b).reverse();
  for (let r = 0; r < Math.min(k, ranking.length); r++) if (relevant[ranking[r]!] !== 0) return 1 / (r + 1);
  return 0;
}

/** Discounts 1 / log2(rank + 1) for ranks 1..n, zero past k (sklearn's _dcg_sample_scores). */
function discounts(n: number, k: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (i < k ? 1 / Math.log2(i + 2) : 0));
}

/**
 * sklearn.metrics.ndcg_score([relevance], [scores], k=k): DCG with tied scores sharing the mean
 * relevance of their group over the group's discounts, divided by the DCG of the ideal order;
 * 0 when nothing is relevant.
 */
export function ndcgAtK(relevance: Numbers, scores: Numbers, k: number): number {
  const n = scores.length;
  const discount = discounts(n, k);
  // Ideal DCG: relevance sorted descending (ties cannot change it).
  const ideal = Array.from(relevance).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < n; i++) idcg += ideal[i]! * discount[i]!;
  if (idcg === 0) return 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let dcg = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    let gain = 0;
    let discountSum = 0;
    for (let i = start; i < end; i++) {
      gain += relevance[order[i]!]!;
      discountSum += discount[i]!;
    }
    dcg += (gain / (end - start)) * discountSum;
    start = end;
  }
  return dcg / idcg;
}

/** The reference's (mrr@k, ndcg@k, ap) for one query. */
export function rankingMetrics(relevant: Numbers, scores: Numbers, k: number): { mrr: number; ndcg: number; ap: number } {
  return { mrr: mrrAtK(relevant, scores, k), ndcg: ndcgAtK(relevant, scores, k), ap: averagePrecision(relevant, scores) };
}
