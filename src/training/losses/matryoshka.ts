// mirrors sentence_transformer/losses/matryoshka.py :: MatryoshkaLoss
// Σ_k weight_k · inner(embeddings truncated to dims_k and L2-normalized), so the leading dims_k
// components work as an embedding on their own. Teacher-embedding labels (MSELoss) are truncated
// with them. Wrapping CachedMultipleNegativesRankingLoss keeps GradCache: the truncation goes
// inside the cached loss.
import * as tf from '@tensorflow/tfjs-core';
import { l2Normalize } from '../../functional/normalize.js';
import { EmbeddingLoss, type Labels, type Loss } from './loss.js';
import { CachedMultipleNegativesRankingLoss } from './multiple_negatives_ranking.js';

class MatryoshkaOf extends EmbeddingLoss {
  readonly name = 'MatryoshkaLoss';
  override readonly variables: readonly tf.Variable[];

  constructor(readonly inner: EmbeddingLoss, readonly dims: readonly number[], readonly weights: readonly number[]) {
    super();
    this.variables = inner.variables;
  }

  compute(embeddings: readonly tf.Tensor2D[], labels?: Labels): tf.Scalar {
    let total: tf.Tensor = tf.scalar(0);
    this.dims.forEach((dim, k) => {
      const full = embeddings[0]!.shape[1];
      if (dim > full) throw new Error(`MatryoshkaLoss: dimension ${dim} exceeds the embedding dimension ${full}`);
      const shrunk = embeddings.map((e) => l2Normalize(tf.slice(e, [0, 0], [-1, dim])));
      const vectorLabels = labels !== undefined && labels.length > 0 && Array.isArray(labels[0]) && (labels[0] as readonly number[]).length === full;
      const dimLabels = vectorLabels ? (labels as number[][]).map((l) => l.slice(0, dim)) : labels;
      total = tf.add(total, tf.mul(this.weights[k]!, this.inner.compute(shrunk, dimLabels)));
    });
    return total as tf.Scalar;
  }

  override dispose(): void {
    this.inner.dispose();
  }
}

/**
 * MatryoshkaLoss(model, loss, matryoshka_dims, matryoshka_weights = 1 each). Dims are taken
 * largest first, as the reference sorts them. n_dims_per_step (random subsets of dims) is not
 * offered: every step trains every dimension.
 */
export function MatryoshkaLoss(loss: Loss, matryoshkaDims: readonly number[], matryoshkaWeights?: readonly number[]): Loss {
  if (matryoshkaDims.length === 0) throw new Error('MatryoshkaLoss: give at least one dimension in matryoshkaDims');
  if (matryoshkaDims.some((d) => !Number.isInteger(d) || d <= 0)) throw new Error(`MatryoshkaLoss: dimensions must be positive integers, found ${JSON.stringify(matryoshkaDims)}`);
  const weights = matryoshkaWeights ?? matryoshkaDims.map(() => 1);
  if (weights.length !== matryoshkaDims.length) throw new Error('MatryoshkaLoss: matryoshkaWeights must be as long as matryoshkaDims');
  const order = matryoshkaDims.map((d, i) => [d, weights[i]!] as const).sort((a, b) => b[0] - a[0]);
  const dims = order.map(([d]) => d);
  const ws = order.map(([, w]) => w);
  if (loss instanceof CachedMultipleNegativesRankingLoss) {
    return new CachedMultipleNegativesRankingLoss(loss.miniBatchSize, new MatryoshkaOf(loss.inner, dims, ws));
  }
  if (!(loss instanceof EmbeddingLoss)) throw new Error(`MatryoshkaLoss cannot wrap ${loss.name}`);
  return new MatryoshkaOf(loss, dims, ws);
}
