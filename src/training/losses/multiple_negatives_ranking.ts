// mirrors sentence_transformer/losses/multiple_negatives_ranking.py :: MultipleNegativesRankingLoss
// (the default directions ('query_to_doc',), partition_mode 'joint', no hardness weighting) and
// cached_multiple_negatives_ranking.py :: CachedMultipleNegativesRankingLoss.
// Columns (anchor, positive, negative_1 …): row i's positive is the target among every positive
// and negative of the batch; loss = mean_i(logsumexp_j(scale·sim(a_i, d_j)) − scale·sim(a_i, p_i)).
import * as tf from '@tensorflow/tfjs-core';
import { cosSim } from '../../functional/similarity.js';
import { dropoutRngState, setDropoutRngState, type DropoutRngState } from '../../nn/dropout.js';
import { EmbeddingLoss, logSumExp, rows, type Embedder, type Labels, type Loss, type LossAndGradients, type LossBatch } from './loss.js';

export type SimilarityMatrix = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

export class MultipleNegativesRankingLoss extends EmbeddingLoss {
  readonly name = 'MultipleNegativesRankingLoss';

  constructor(readonly scale = 20.0, readonly similarity: SimilarityMatrix = cosSim) {
    super();
    if (!(scale > 0)) throw new Error(`MultipleNegativesRankingLoss: scale must be positive, found ${scale}`);
  }

  compute(embeddings: readonly tf.Tensor2D[], _labels?: Labels): tf.Scalar {
    if (embeddings.length < 2) throw new Error(`MultipleNegativesRankingLoss expects at least 2 columns, found ${embeddings.length}`);
    const [queries, ...docs] = embeddings as [tf.Tensor2D, ...tf.Tensor2D[]];
    const b = queries.shape[0];
    const scores = tf.mul(this.similarity(queries, tf.concat(docs, 0)), this.scale);   // [B, B·docs]
    const positive = tf.sum(tf.mul(tf.slice(scores, [0, 0], [b, b]), tf.eye(b)), 1);  // [B]: scores[i, i]
    return tf.mean(tf.sub(logSumExp(scores, 1), positive));
  }
}

/**
 * GradCache (Gao et al. 2021): MultipleNegativesRankingLoss over a large batch in the memory of a
 * mini-batch. (1) embed every mini-batch without the tape; (2) the loss and its gradient with
 * respect to those embeddings; (3) re-embed each mini-batch on the tape and backpropagate its
 * slice of that gradient. Dropout masks are replayed in (3) from the state (1) started from, so the
 * result is the full-batch gradient with the same masks.
 */
export class CachedMultipleNegativesRankingLoss implements Loss {
  readonly name: string = 'CachedMultipleNegativesRankingLoss';
  readonly variables: readonly tf.Variable[] = [];

  constructor(
    readonly miniBatchSize = 32,
    /** What the cached embeddings are scored with (MatryoshkaLoss wraps it). */
    readonly inner: EmbeddingLoss = new MultipleNegativesRankingLoss(),
  ) {}

  lossAndGradients(embed: Embedder, batch: LossBatch, variables: readonly tf.Variable[]): LossAndGradients {
    const n = batch.columns[0]?.length ?? 0;
    const starts = Array.from({ length: Math.ceil(n / this.miniBatchSize) }, (_, k) => k * this.miniBatchSize);
    // (1) embeddings of every column, mini-batch by mini-batch, off the tape.
    const states: DropoutRngState[][] = [];
    const reps = batch.columns.map((texts) => {
      const columnStates: DropoutRngState[] = [];
      states.push(columnStates);
      const parts = starts.map((s) => {
        columnStates.push(dropoutRngState());
        return tf.tidy(() => embed(texts.slice(s, s + this.miniBatchSize)));
      });
      const whole = tf.concat(parts, 0) as tf.Tensor2D;
      tf.dispose(parts);
      return whole;
    });
    // (2) the loss and d loss / d embeddings.
    const { value, grads: repGrads } = tf.valueAndGrads((...e: tf.Tensor[]) => this.inner.compute(e as tf.Tensor2D[], batch.labels))(reps);
    tf.dispose(reps);
    // (3) each mini-batch again, on the tape: Σ embedding · cached gradient has the right gradient.
    const after = dropoutRngState();
    const total: tf.NamedTensorMap = {};
    batch.columns.forEach((texts, c) => {
      starts.forEach((s, k) => {
        setDropoutRngState(states[c]![k]!);
        const size = Math.min(this.miniBatchSize, n - s);
        const { value: surrogate, grads } = tf.variableGrads(
          () => tf.sum(tf.mul(embed(texts.slice(s, s + size)), rows(repGrads[c] as tf.Tensor2D, s, size))), [...variables]);
        surrogate.dispose();
        for (const [name, g] of Object.entries(grads)) {
          const prev = total[name];
          total[name] = prev === undefined ? g : tf.add(prev, g);
          if (prev !== undefined) tf.dispose([prev, g]);
        }
      });
    });
    setDropoutRngState(after);
    tf.dispose(repGrads);
    return { value: value as tf.Scalar, grads: total };
  }

  dispose(): void {
    this.inner.dispose();
  }
}
