// sentence-transformers CrossEncoderRerankingEvaluator: for each sample {query, positive,
// negative} or {query, positive, documents} (a retriever's list), the model scores every
// (query, document) pair and the evaluator reports the mean MAP, MRR@k and NDCG@k over the
// samples. Keys as the reference's: map, mrr@10, ndcg@10; with `documents` samples also
// base_map, base_mrr@10, base_ndcg@10 (the retriever's own order); all prefixed by the name.
import { ArgumentError } from '../../errors.js';
import { prefixMetrics, type Metrics } from '../../evaluation/encoder.js';
import type { TextPair } from '../../tokenizers/encode_pairs_for_model.js';
import { scorePairs, singleScores, type PairScorer } from './pair_scorer.js';
import { rankingMetrics } from './ranking_metrics.js';

export interface RerankingSample {
  query: string;
  /** One relevant document or several. */
  positive: string | readonly string[];
  /** Irrelevant documents; give this or `documents`. */
  negative?: readonly string[];
  /** A retriever's ranked list, positives among them or not; give this or `negative`. */
  documents?: readonly string[];
}

export interface RerankingOptions {
  /** k of MRR@k and NDCG@k (default 10). */
  atK?: number;
  /** With `documents` samples: rerank every positive even when the retriever missed it (default true). */
  alwaysRerankPositives?: boolean;
  name?: string;
  /** Pairs per forward pass (the reference's default 64). */
  batchSize?: number;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export class CrossEncoderRerankingEvaluator {
  readonly atK: number;
  readonly alwaysRerankPositives: boolean;
  readonly name: string;
  readonly batchSize: number;

  constructor(readonly samples: readonly RerankingSample[], options: RerankingOptions = {}) {
    samples.forEach((s, i) => {
      if (typeof s.query !== 'string') throw new ArgumentError('samples', `sample ${i} needs a "query" string`);
      if (s.positive === undefined) throw new ArgumentError('samples', `sample ${i} needs a "positive" document or list`);
      if ((s.negative === undefined) === (s.documents === undefined)) {
        throw new ArgumentError('samples', `sample ${i} needs exactly one of "negative" and "documents"`);
      }
    });
    this.atK = options.atK ?? 10;
    if (!Number.isInteger(this.atK) || this.atK <= 0) throw new ArgumentError('atK', `must be a positive integer, got ${this.atK}`);
    this.alwaysRerankPositives = options.alwaysRerankPositives ?? true;
    this.name = options.name ?? '';
    this.batchSize = options.batchSize ?? 64;
  }

  get primaryMetric(): string {
    return this.name === '' ? `ndcg@${this.atK}` : `${this.name}_ndcg@${this.atK}`;
  }

  async evaluate(model: PairScorer): Promise<Metrics> {
    const k = this.atK;
    const base: { mrr: number; ndcg: number; ap: number }[] = [];
    const pairs: TextPair[] = [];
    // Per sample: the relevance of each reranked document, or null when none is relevant.
    const plan: (number[] | null)[] = [];
    for (const s of this.samples) {
      const positive = typeof s.positive === 'string' ? [s.positive] : [...s.positive];
      let docs: string[];
      let relevant: number[];
      if (s.documents !== undefined && s.documents.length > 0) {
        const baseRelevant: number[] = s.documents.map((d) => (positive.includes(d) ? 1 : 0));
        const found = baseRelevant.reduce((a, b) => a + b, 0);
        if (found === 0) base.push({ mrr: 0, ndcg: 0, ap: 0 });
        else {
          // Positives the retriever missed count as ranked after everything it returned.
          const all = [...baseRelevant, ...new Array<number>(positive.length - found).fill(1)];
          base.push(rankingMetrics(all, all.map((_, i) => all.length - i), k));
        }
        if (this.alwaysRerankPositives) {
          docs = [...positive, ...s.documents.filter((d) => !positive.includes(d))];
          relevant = docs.map((_, i) => (i < positive.length ? 1 : 0));
        } else {
          docs = [...s.documents];
          relevant = baseRelevant;
        }
      } else {
        // An empty `documents` list reranks the positives alone (the reference fails on it).
        const negative = [...(s.negative ?? [])];
        docs = [...positive, ...negative];
        relevant = docs.map((_, i) => (i < positive.length ? 1 : 0));
      }
      if (relevant.every((r) => r === 0)) {
        plan.push(null);
        continue;
      }
      plan.push(relevant);
      for (const d of docs) pairs.push([s.query, d]);
    }
    const scores = singleScores(await scorePairs(model, pairs, this.batchSize), 'CrossEncoderRerankingEvaluator');
    const mrr: number[] = [];
    const ndcg: number[] = [];
    const ap: number[] = [];
    let offset = 0;
    for (const relevant of plan) {
      const m = relevant === null ? { mrr: 0, ndcg: 0, ap: 0 } : rankingMetrics(relevant, scores.subarray(offset, offset + relevant.length), k);
      offset += relevant?.length ?? 0;
      mrr.push(m.mrr);
      ndcg.push(m.ndcg);
      ap.push(m.ap);
    }
    const metrics: Metrics = { map: mean(ap), [`mrr@${k}`]: mean(mrr), [`ndcg@${k}`]: mean(ndcg) };
    if (base.length > 0) {
      metrics['base_map'] = mean(base.map((b) => b.ap));
      metrics[`base_mrr@${k}`] = mean(base.map((b) => b.mrr));
      metrics[`base_ndcg@${k}`] = mean(base.map((b) => b.ndcg));
    }
    return prefixMetrics(metrics, this.name);
  }
}
