// sentence-transformers CrossEncoderClassificationEvaluator. One-label models (a score per pair,
// 0/1 gold labels): the best-threshold accuracy and F1 searches of the bi-encoder
// BinaryClassificationEvaluator (evaluation/thresholds.ts) and the average precision; keys
// accuracy, accuracy_threshold, f1, f1_threshold, precision, recall, average_precision. Models
// with more labels: the argmax label against the gold label; keys f1_macro, f1_micro,
// f1_weighted. All prefixed by the name.
import { ArgumentError } from '../../errors.js';
import { checkSameLength, prefixMetrics, type Metrics } from '../../evaluation/encoder.js';
import { averagePrecision } from '../../evaluation/statistics.js';
import { findBestAccuracyAndThreshold, findBestF1AndThreshold } from '../../evaluation/thresholds.js';
import type { TextPair } from '../../tokenizers/encode_pairs_for_model.js';
import { argmaxRows, f1Averages } from './classification_metrics.js';
import { scorePairs, singleScores, type PairScorer } from './pair_scorer.js';

export interface ClassificationOptions {
  name?: string;
  /** Pairs per forward pass (the reference's default 32). */
  batchSize?: number;
}

export class CrossEncoderClassificationEvaluator {
  readonly name: string;
  readonly batchSize: number;
  /** Set by evaluate(): average_precision for one label, f1_macro for more (as the reference). */
  primaryMetric: string | undefined;

  constructor(readonly pairs: readonly TextPair[], readonly labels: readonly number[], options: ClassificationOptions = {}) {
    checkSameLength('CrossEncoderClassificationEvaluator', { pairs, labels });
    labels.forEach((l, i) => {
      if (!Number.isInteger(l) || l < 0) throw new ArgumentError('labels', `must be label ids (integers >= 0), found ${l} at index ${i}`);
    });
    this.name = options.name ?? '';
    this.batchSize = options.batchSize ?? 32;
  }

  async evaluate(model: PairScorer): Promise<Metrics> {
    const rows = await scorePairs(model, this.pairs, this.batchSize);
    let metrics: Metrics;
    if (model.numLabels === 1) {
      this.labels.forEach((l, i) => {
        if (l !== 0 && l !== 1) throw new ArgumentError('labels', `must be 0 or 1 for a one-label model, found ${l} at index ${i}`);
      });
      const scores = singleScores(rows, 'CrossEncoderClassificationEvaluator');
      const acc = findBestAccuracyAndThreshold(scores, this.labels, true);
      const f1 = findBestF1AndThreshold(scores, this.labels, true);
      metrics = {
        accuracy: acc.accuracy,
        accuracy_threshold: acc.threshold,
        f1: f1.f1,
        f1_threshold: f1.threshold,
        precision: f1.precision,
        recall: f1.recall,
        average_precision: averagePrecision(this.labels, scores),
      };
      this.primaryMetric = 'average_precision';
    } else {
      metrics = { ...f1Averages(this.labels, argmaxRows(rows)) };
      this.primaryMetric = 'f1_macro';
    }
    if (this.name !== '') this.primaryMetric = `${this.name}_${this.primaryMetric}`;
    return prefixMetrics(metrics, this.name);
  }
}
