// mirrors modeling_distilbert.py :: Embeddings (keys: embeddings.{word,position}_embeddings, embeddings.LayerNorm)
// No token-type table; LayerNorm eps is hard-coded 1e-12 upstream.
import * as tf from '@tensorflow/tfjs-core';
import { DISTILBERT_LAYER_NORM_EPS } from '../../config/distilbert_config.js';
import type { DistilBertConfig } from '../../config/distilbert_config.js';
import type { WeightScope } from '../../io/weight_store.js';
import { Dropout } from '../../nn/dropout.js';
import { Embedding } from '../../nn/embedding.js';
import { LayerNorm } from '../../nn/layer_norm.js';

/** _create_sinusoidal_embeddings: θ(pos, j) = pos / 10000^(2⌊j/2⌋/dim); sin on even, cos on odd columns (float64, then float32). */
export function sinusoidalTable(positions: number, dim: number): tf.Tensor2D {
  const values = new Float32Array(positions * dim);
  for (let pos = 0; pos < positions; pos++) {
    for (let j = 0; j < dim; j++) {
      const theta = pos / Math.pow(10000, (2 * Math.floor(j / 2)) / dim);
      values[pos * dim + j] = j % 2 === 0 ? Math.sin(theta) : Math.cos(theta);
    }
  }
  return tf.tensor2d(values, [positions, dim]);
}

export class DistilBertEmbeddings {
  /** After the LayerNorm (config dropout); the identity unless training. */
  dropout = new Dropout(0);

  constructor(public word_embeddings: Embedding, public position_embeddings: Embedding, public LayerNorm: LayerNorm) {}

  static load(w: WeightScope, c: DistilBertConfig): DistilBertEmbeddings {
    // The table is stored even when sinusoidal; rebuild it only for checkpoints that left it out.
    const positions = c.sinusoidal_pos_embds && !w.sub('position_embeddings').has('weight')
      ? new Embedding(sinusoidalTable(c.max_position_embeddings, c.dim))
      : Embedding.load(w.sub('position_embeddings'), c.max_position_embeddings, c.dim);
    const e = new DistilBertEmbeddings(Embedding.load(w.sub('word_embeddings'), c.vocab_size, c.dim), positions,
      LayerNorm.load(w.sub('LayerNorm'), c.dim, DISTILBERT_LAYER_NORM_EPS));
    e.dropout = new Dropout(c.dropout);
    return e;
  }

  /** ids [B, T] -> LayerNorm(word[ids] + position[0 … T−1]) [B, T, dim] */
  forward(inputIds: tf.Tensor2D): tf.Tensor3D {
    const t = inputIds.shape[1];
    // Its own tidy: the lookups and the sum go before the first block (architectures/trace.ts: why leaf tidies).
    return tf.tidy('DistilBertEmbeddings', () => {
      const positions = this.position_embeddings.forward(tf.range(0, t, 1, 'int32'));  // [T, dim]
      const summed = tf.add(this.word_embeddings.forward(inputIds), positions);        // [B, T, dim]
      return this.dropout.forward(this.LayerNorm.forward(summed) as tf.Tensor3D);
    });
  }
}
