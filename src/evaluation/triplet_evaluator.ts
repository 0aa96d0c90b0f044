// sentence-transformers TripletEvaluator: the fraction of (anchor, positive, negative) triplets
// with sim(anchor, positive) > sim(anchor, negative) + margin, per similarity function.
// Keys as the reference reports them: cosine_accuracy, ..., and max_accuracy for several functions.
import { ArgumentError } from '../errors.js';
import { ALL_SIMILARITY_FN_NAMES, PAIRWISE_SIMILARITY, type SimilarityFnName } from './pairwise.js';
import { checkSameLength, embed, prefixMetrics, type Metrics, type SentenceEncoder } from './encoder.js';

export interface TripletOptions {
  /** Defaults to all four: cosine, euclidean, manhattan, dot. */
  similarityFnNames?: readonly SimilarityFnName[];
  /** Minimum lead of the positive over the negative, one for all functions or per function. */
  margin?: number | Partial<Record<SimilarityFnName, number>>;
  name?: string;
  batchSize?: number;
}

export class TripletEvaluator {
  readonly similarityFnNames: readonly SimilarityFnName[];
  readonly margin: Readonly<Record<SimilarityFnName, number>>;
  readonly name: string;
  readonly batchSize: number;

  constructor(
    readonly anchors: readonly string[],
    readonly positives: readonly string[],
    readonly negatives: readonly string[],
    options: TripletOptions = {},
  ) {
    checkSameLength('TripletEvaluator', { anchors, positives, negatives });
    this.similarityFnNames = options.similarityFnNames ?? ALL_SIMILARITY_FN_NAMES;
    const m = options.margin ?? 0;
    const base = { cosine: 0, dot: 0, euclidean: 0, manhattan: 0 };
    this.margin = typeof m === 'number' ? { cosine: m, dot: m, euclidean: m, manhattan: m } : { ...base, ...m };
    this.name = options.name ?? '';
    this.batchSize = options.batchSize ?? 16;
  }

  get primaryMetric(): string {
    const key = this.similarityFnNames.length > 1 ? 'max_accuracy' : `${this.similarityFnNames[0]!}_accuracy`;
    return this.name === '' ? key : `${this.name}_${key}`;
  }

  async evaluate(model: SentenceEncoder): Promise<Metrics> {
    // The reference embeds anchors with encode_query and the others with encode_document, which
    // differ from encode only by a model's query/document prompts (none in the registry's models).
    // For a model with such prompts, pass an encoder that applies them.
    const a = await embed(model, this.anchors, this.batchSize);
    const p = await embed(model, this.positives, this.batchSize);
    const n = await embed(model, this.negatives, this.batchSize);
    return this.computeMetrics(a, p, n);
  }

  computeMetrics(
    anchors: readonly Float32Array[],
    positives: readonly Float32Array[],
    negatives: readonly Float32Array[],
  ): Metrics {
    checkSameLength('TripletEvaluator.computeMetrics', { triplets: this.anchors, anchors, positives, negatives });
    const fns = this.similarityFnNames;
    return this.metricsFromSimilarities(
      Object.fromEntries(fns.map((fn) => [fn, PAIRWISE_SIMILARITY[fn](anchors, positives)])),
      Object.fromEntries(fns.map((fn) => [fn, PAIRWISE_SIMILARITY[fn](anchors, negatives)])),
    );
  }

  /** The metrics for precomputed sim(anchor, positive) and sim(anchor, negative), per function. */
  metricsFromSimilarities(
    positives: Partial<Record<SimilarityFnName, ArrayLike<number>>>,
    negatives: Partial<Record<SimilarityFnName, ArrayLike<number>>>,
  ): Metrics {
    const metrics: Metrics = {};
    for (const fn of this.similarityFnNames) {
      const positive = positives[fn];
      const negative = negatives[fn];
      if (positive === undefined || negative === undefined) throw new ArgumentError('similarities', `has no "${fn}" scores`);
      checkSameLength('TripletEvaluator.metricsFromSimilarities', { triplets: this.anchors, positive, negative });
      let correct = 0;
      // The reference adds the margin in float32 (torch) before comparing.
      for (let i = 0; i < positive.length; i++) if (positive[i]! > Math.fround(negative[i]! + this.margin[fn])) correct++;
      // torch's float32 mean: the reference reports e.g. 0.699999988 for 7/10.
      metrics[`${fn}_accuracy`] = Math.fround(correct / positive.length);
    }
    if (this.similarityFnNames.length > 1) {
      metrics['max_accuracy'] = Math.max(...this.similarityFnNames.map((fn) => metrics[`${fn}_accuracy`]!));
    }
    return prefixMetrics(metrics, this.name);
  }
}
