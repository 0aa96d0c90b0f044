// sentence-transformers BinaryClassificationEvaluator: for 0/1-labelled sentence pairs
// (e.g. duplicate / not duplicate), the best-threshold accuracy, the best-threshold F1 with its
// precision and recall, the average precision and the Matthews correlation at the F1 threshold,
// per similarity function. Keys as the reference reports them: cosine_accuracy,
// cosine_accuracy_threshold, cosine_f1, cosine_f1_threshold, cosine_precision, cosine_recall,
// cosine_ap, cosine_mcc, ..., and max_<metric> over the functions when several are asked for.
import { ArgumentError } from '../errors.js';
import { ALL_SIMILARITY_FN_NAMES, PAIRWISE_SIMILARITY, type SimilarityFnName } from './pairwise.js';
import { checkSameLength, encodeDistinct, prefixMetrics, type Metrics, type SentenceEncoder } from './encoder.js';
import { averagePrecision, matthewsCorrcoef } from './statistics.js';
import { findBestAccuracyAndThreshold, findBestF1AndThreshold } from './thresholds.js';

export interface BinaryClassificationOptions {
  /** Defaults to all four: cosine, euclidean, manhattan, dot. */
  similarityFnNames?: readonly SimilarityFnName[];
  name?: string;
  batchSize?: number;
}

/** Metric names per function, in the reference's order. */
export const BINARY_METRICS = ['accuracy', 'accuracy_threshold', 'f1', 'f1_threshold', 'precision', 'recall', 'ap', 'mcc'] as const;

export class BinaryClassificationEvaluator {
  readonly similarityFnNames: readonly SimilarityFnName[];
  readonly name: string;
  readonly batchSize: number;

  constructor(
    readonly sentences1: readonly string[],
    readonly sentences2: readonly string[],
    readonly labels: readonly number[],
    options: BinaryClassificationOptions = {},
  ) {
    checkSameLength('BinaryClassificationEvaluator', { sentences1, sentences2, labels });
    labels.forEach((l, i) => {
      if (l !== 0 && l !== 1) throw new ArgumentError('labels', `must be 0 or 1, found ${l} at index ${i}`);
    });
    this.similarityFnNames = options.similarityFnNames ?? ALL_SIMILARITY_FN_NAMES;
    this.name = options.name ?? '';
    this.batchSize = options.batchSize ?? 16;
  }

  get primaryMetric(): string {
    const key = this.similarityFnNames.length > 1 ? 'max_ap' : `${this.similarityFnNames[0]!}_ap`;
    return this.name === '' ? key : `${this.name}_${key}`;
  }

  async evaluate(model: SentenceEncoder): Promise<Metrics> {
    // Like the reference: every distinct sentence is encoded once.
    const embeddings = await encodeDistinct(model, [...this.sentences1, ...this.sentences2], this.batchSize);
    const n = this.sentences1.length;
    return this.computeMetrics(embeddings.slice(0, n), embeddings.slice(n));
  }

  computeMetrics(embeddings1: readonly Float32Array[], embeddings2: readonly Float32Array[]): Metrics {
    checkSameLength('BinaryClassificationEvaluator.computeMetrics', { labels: this.labels, embeddings1, embeddings2 });
    return this.metricsFromSimilarities(
      Object.fromEntries(this.similarityFnNames.map((fn) => [fn, PAIRWISE_SIMILARITY[fn](embeddings1, embeddings2)])),
    );
  }

  /**
   * The metrics for precomputed similarities of each pair (negative distances for euclidean and
   * manhattan, as pairwise_*_sim return them). Rounded to float32: the reference's scores are.
   */
  metricsFromSimilarities(similarities: Partial<Record<SimilarityFnName, ArrayLike<number>>>): Metrics {
    const perFn: Record<string, Record<(typeof BINARY_METRICS)[number], number>> = {};
    for (const fn of this.similarityFnNames) {
      const given = similarities[fn];
      if (given === undefined) throw new ArgumentError('similarities', `has no "${fn}" scores`);
      checkSameLength('BinaryClassificationEvaluator.metricsFromSimilarities', { labels: this.labels, [fn]: given });
      const similarity = given instanceof Float32Array ? given : Float32Array.from(given);
      // Euclidean and Manhattan are searched as distances (smaller = more similar), like the reference.
      const greaterIsBetter = fn === 'cosine' || fn === 'dot';
      const scores = greaterIsBetter ? similarity : similarity.map((s) => -s);
      const acc = findBestAccuracyAndThreshold(scores, this.labels, greaterIsBetter);
      const f1 = findBestF1AndThreshold(scores, this.labels, greaterIsBetter);
      // The reference ranks by scores * (1 or -1), which is the similarity itself in both cases.
      const ap = averagePrecision(this.labels, similarity);
      const predicted = Array.from(scores, (s) => ((greaterIsBetter ? s >= f1.threshold : s <= f1.threshold) ? 1 : 0));
      perFn[fn] = {
        accuracy: acc.accuracy,
        accuracy_threshold: acc.threshold,
        f1: f1.f1,
        f1_threshold: f1.threshold,
        precision: f1.precision,
        recall: f1.recall,
        ap,
        mcc: matthewsCorrcoef(this.labels, predicted),
      };
    }
    const metrics: Metrics = {};
    for (const fn of this.similarityFnNames) {
      for (const m of BINARY_METRICS) metrics[`${fn}_${m}`] = perFn[fn]![m];
    }
    if (this.similarityFnNames.length > 1) {
      for (const m of BINARY_METRICS) metrics[`max_${m}`] = Math.max(...this.similarityFnNames.map((fn) => perFn[fn]![m]));
    }
    return prefixMetrics(metrics, this.name);
  }
}
