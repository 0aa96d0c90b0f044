// sentence-transformers EmbeddingSimilarityEvaluator: Pearson and Spearman correlation between
// gold similarity scores and the model's similarity of each sentence pair, per similarity function.
// Keys as the reference reports them: pearson_cosine, spearman_cosine, pearson_euclidean, ...,
// and pearson_max / spearman_max when more than one function is asked for.
import { ArgumentError } from '../errors.js';
import { ALL_SIMILARITY_FN_NAMES, PAIRWISE_SIMILARITY, type SimilarityFnName } from './pairwise.js';
import { checkSameLength, embed, prefixMetrics, type Metrics, type SentenceEncoder } from './encoder.js';
import { pearson, spearman } from './statistics.js';

export interface EmbeddingSimilarityOptions {
  /** Defaults to all four, in the reference's order: cosine, euclidean, manhattan, dot. */
  similarityFnNames?: readonly SimilarityFnName[];
  /** Prefix for every metric key (`sts_dev` -> `sts_dev_spearman_cosine`). */
  name?: string;
  batchSize?: number;
}

export class EmbeddingSimilarityEvaluator {
  readonly similarityFnNames: readonly SimilarityFnName[];
  readonly name: string;
  readonly batchSize: number;

  constructor(
    readonly sentences1: readonly string[],
    readonly sentences2: readonly string[],
    /** Gold scores, on any scale (correlations do not care); the STSb readers give 0..1. */
    readonly scores: readonly number[],
    options: EmbeddingSimilarityOptions = {},
  ) {
    checkSameLength('EmbeddingSimilarityEvaluator', { sentences1, sentences2, scores });
    this.similarityFnNames = options.similarityFnNames ?? ALL_SIMILARITY_FN_NAMES;
    this.name = options.name ?? '';
    this.batchSize = options.batchSize ?? 16;
  }

  /** The key of the reference's primary metric: spearman_max for several functions, else spearman_<fn>. */
  get primaryMetric(): string {
    const key = this.similarityFnNames.length > 1 ? 'spearman_max' : `spearman_${this.similarityFnNames[0]!}`;
    return this.name === '' ? key : `${this.name}_${key}`;
  }

  async evaluate(model: SentenceEncoder): Promise<Metrics> {
    const embeddings1 = await embed(model, this.sentences1, this.batchSize);
    const embeddings2 = await embed(model, this.sentences2, this.batchSize);
    return this.computeMetrics(embeddings1, embeddings2);
  }

  /** The metrics for precomputed embeddings of sentences1 and sentences2. */
  computeMetrics(embeddings1: readonly Float32Array[], embeddings2: readonly Float32Array[]): Metrics {
    checkSameLength('EmbeddingSimilarityEvaluator.computeMetrics', {
      scores: this.scores,
      embeddings1,
      embeddings2,
    });
    const similarities = Object.fromEntries(
      this.similarityFnNames.map((fn) => [fn, PAIRWISE_SIMILARITY[fn](embeddings1, embeddings2)]),
    );
    return this.metricsFromSimilarities(similarities);
  }

  /** The metrics for precomputed similarities of each pair, per function (a float32 array each). */
  metricsFromSimilarities(similarities: Partial<Record<SimilarityFnName, ArrayLike<number>>>): Metrics {
    const metrics: Metrics = {};
    for (const fn of this.similarityFnNames) {
      const s = similarities[fn];
      if (s === undefined) throw new ArgumentError('similarities', `has no "${fn}" scores`);
      checkSameLength('EmbeddingSimilarityEvaluator.metricsFromSimilarities', { scores: this.scores, [fn]: s });
      metrics[`pearson_${fn}`] = pearson(this.scores, s);
      metrics[`spearman_${fn}`] = spearman(this.scores, s);
    }
    if (this.similarityFnNames.length > 1) {
      metrics['pearson_max'] = Math.max(...this.similarityFnNames.map((fn) => metrics[`pearson_${fn}`]!));
      metrics['spearman_max'] = Math.max(...this.similarityFnNames.map((fn) => metrics[`spearman_${fn}`]!));
    }
    return prefixMetrics(metrics, this.name);
  }
}
