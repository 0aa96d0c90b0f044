// sentence-transformers CrossEncoderCorrelationEvaluator: Pearson and Spearman correlation between
// gold scores and the one-label model's score of each pair (scipy's pearsonr / spearmanr, in
// float64 as scipy promotes). Keys pearson, spearman, prefixed by the name.
import { checkSameLength, prefixMetrics, type Metrics } from '../../evaluation/encoder.js';
import { pearson, spearman } from '../../evaluation/statistics.js';
import type { TextPair } from '../../tokenizers/encode_pairs_for_model.js';
import { scorePairs, singleScores, type PairScorer } from './pair_scorer.js';

export interface CorrelationOptions {
  name?: string;
  /** Pairs per forward pass (the reference's default 32). */
  batchSize?: number;
}

export class CrossEncoderCorrelationEvaluator {
  readonly name: string;
  readonly batchSize: number;

  constructor(readonly pairs: readonly TextPair[], readonly scores: readonly number[], options: CorrelationOptions = {}) {
    checkSameLength('CrossEncoderCorrelationEvaluator', { pairs, scores });
    this.name = options.name ?? '';
    this.batchSize = options.batchSize ?? 32;
  }

  get primaryMetric(): string {
    return this.name === '' ? 'spearman' : `${this.name}_spearman`;
  }

  async evaluate(model: PairScorer): Promise<Metrics> {
    const predicted = singleScores(await scorePairs(model, this.pairs, this.batchSize), 'CrossEncoderCorrelationEvaluator');
    return prefixMetrics({ pearson: pearson(this.scores, predicted), spearman: spearman(this.scores, predicted) }, this.name);
  }
}
