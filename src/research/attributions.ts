// Why two texts are similar: attributions of s = similarity(encode(a), encode(b)) to the tokens of
// each text, over the input embeddings (the word-embedding lookups, before positions, token types
// and the embedding LayerNorm are added: what transformers takes as `inputs_embeds`).
//
// - gradients: ds/dx by reverse-mode autodiff through the whole SentenceTransformer (the encoder,
//   Pooling, Dense, Normalize and the similarity function), one text per forward, no padding;
// - gradient × input: per token, sum over the hidden axis of x · ds/dx;
// - integrated gradients (Sundararajan et al. 2017): per token, sum over the hidden axis of
//   (x − x₀) · ∫₀¹ ds/dx(x₀ + α(x − x₀)) dα, with both texts moved along the path together, so
//   all attributions of both texts add up to s(x) − s(x₀) (completeness) up to the quadrature error;
// - attention rollout (Abnar & Zuidema 2020): the head-averaged attention of each layer with the
//   residual added, (A + I)/2, multiplied through the layers.
//
// The embeddings are replaced through a hook on `embeddings.word_embeddings` (research/hooks.ts),
// a module every registry architecture has under that checkpoint name.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { PAIRWISE_SIMILARITY_FUNCTIONS } from '../functional/similarity.js';
import type { Features } from '../modules/features.js';
import { Pooling } from '../modules/pooling.js';
import type { SentenceTransformer } from '../pipeline/sentence_transformer.js';
import { registerTrainingGradients } from '../training/gradients.js';
import { hookModule, moduleAt } from './hooks.js';

const WORD_EMBEDDINGS = 'embeddings.word_embeddings';

export interface TokenScore {
  token: string;
  id: number;
  score: number;
}

/** One text, tokenized as encode() does (truncated to max_seq_length, specials added). */
interface Prepared {
  ids: number[];
  tokens: string[];
  /** Positions holding the template's special tokens ([CLS]/[SEP], <s>/</s>). */
  special: boolean[];
  tokenTypes: number[];
}

function prepare(model: SentenceTransformer, text: string): Prepared {
  const t = model.transformer;
  const batch = t.tokenize([text]);
  const ids = batch.input_ids[0]!;
  // The ids an empty text gets are exactly the template's special tokens.
  const specials = new Set(t.tokenize(['']).input_ids[0] ?? []);
  return {
    ids,
    tokens: ids.map((id) => t.tokenizer.idToToken(id) ?? String(id)),
    special: ids.map((id) => specials.has(id)),
    tokenTypes: batch.token_type_ids[0] ?? ids.map(() => 0),
  };
}

/** Word-embedding lookups of one text: [T, H]. */
function lookup(model: SentenceTransformer, p: Prepared): tf.Tensor2D {
  return tf.tidy(() => {
    const emb = moduleAt(model.transformer.encoder, WORD_EMBEDDINGS) as { forward(ids: tf.Tensor): tf.Tensor };
    return tf.squeeze(emb.forward(tf.tensor2d([p.ids], undefined, 'int32')), [0]) as tf.Tensor2D;
  });
}

/**
 * Sentence embeddings [S, D] of S copies of one text whose word-embedding lookups are `embeds`
 * [S, T, H]: the modules of `model` in order, as encode() runs them. Synchronous, no tidy.
 */
function embedFromInputsEmbeds(model: SentenceTransformer, p: Prepared, embeds: tf.Tensor3D): tf.Tensor2D {
  const s = embeds.shape[0];
  const handle = hookModule(model.transformer.encoder, WORD_EMBEDDINGS, { onOutput: () => embeds });
  try {
    const rows = (v: number[]): number[][] => Array.from({ length: s }, () => v);
    let f: Features = {
      input_ids: tf.tensor2d(rows(p.ids), [s, p.ids.length], 'int32'),
      attention_mask: tf.ones([s, p.ids.length], 'int32') as tf.Tensor2D,
      token_type_ids: tf.tensor2d(rows(p.tokenTypes), [s, p.ids.length], 'int32'),
    };
    for (const m of model.modules) f = m.forward(f);
    return f.sentence_embedding!;
  } finally {
    handle.remove();
  }
}

function similarityFn(model: SentenceTransformer): (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor1D {
  return PAIRWISE_SIMILARITY_FUNCTIONS[model.similarityFnName];
}

export interface SimilarityGradients {
  similarity: number;
  tokensA: string[];
  tokensB: string[];
  /** The input embeddings [Ta, H], [Tb, H] and ds/d them; the tensors are the caller's. */
  embedsA: tf.Tensor2D;
  embedsB: tf.Tensor2D;
  gradA: tf.Tensor2D;
  gradB: tf.Tensor2D;
}

/** s(a, b) and its gradient with respect to both texts' input embeddings. The model is put in eval mode. */
export function similarityGradients(model: SentenceTransformer, a: string, b: string): SimilarityGradients {
  registerTrainingGradients();
  model.eval();
  const pa = prepare(model, a);
  const pb = prepare(model, b);
  const embedsA = lookup(model, pa);
  const embedsB = lookup(model, pb);
  const sim = similarityFn(model);
  const { value, grads } = tf.tidy('research.similarityGradients', () => {
    const g = tf.valueAndGrads((xa: tf.Tensor, xb: tf.Tensor) => {
      const ea = embedFromInputsEmbeds(model, pa, tf.expandDims(xa, 0) as tf.Tensor3D);
      const eb = embedFromInputsEmbeds(model, pb, tf.expandDims(xb, 0) as tf.Tensor3D);
      return tf.sum(sim(ea, eb)) as tf.Scalar;
    });
    return g([embedsA, embedsB]);
  });
  const similarity = value.dataSync()[0]!;
  value.dispose();
  return { similarity, tokensA: pa.tokens, tokensB: pb.tokens, embedsA, embedsB, gradA: grads[0] as tf.Tensor2D, gradB: grads[1] as tf.Tensor2D };
}

/** How the path integral of integrated gradients is approximated: Captum's names and rules. */
export type IntegrationMethod = 'gausslegendre' | 'riemann_trapezoid' | 'riemann_middle' | 'riemann_left' | 'riemann_right';

/** Points α in [0, 1] and weights summing to 1 for `steps` evaluations. */
export function quadrature(method: IntegrationMethod, steps: number): { alphas: number[]; weights: number[] } {
  if (!Number.isInteger(steps) || steps < 1 || (method === 'riemann_trapezoid' && steps < 2)) {
    throw new ArgumentError('steps', `must be an integer ≥ ${method === 'riemann_trapezoid' ? 2 : 1}, got ${steps}`);
  }
  const n = steps;
  const range = Array.from({ length: n }, (_, i) => i);
  switch (method) {
    case 'riemann_left': return { alphas: range.map((i) => i / n), weights: range.map(() => 1 / n) };
    case 'riemann_right': return { alphas: range.map((i) => (i + 1) / n), weights: range.map(() => 1 / n) };
    case 'riemann_middle': return { alphas: range.map((i) => (i + 0.5) / n), weights: range.map(() => 1 / n) };
    case 'riemann_trapezoid':
      return { alphas: range.map((i) => i / (n - 1)), weights: range.map((i) => (i === 0 || i === n - 1 ? 0.5 : 1) / (n - 1)) };
    case 'gausslegendre': {
      // Roots of the Legendre polynomial P_n by Newton's method, weights 2 / ((1 − x²) P_n'(x)²), mapped to [0, 1].
      const alphas: number[] = [];
      const weights: number[] = [];
      for (let i = 1; i <= n; i++) {
        let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
        let dp = 1;
        for (let iter = 0; iter < 100; iter++) {
          let p0 = 1;
          let p1 = x;
          for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
          const pn = n === 1 ? x : p1;
          const pm = n === 1 ? 1 : p0;
          dp = (n * (x * pn - pm)) / (x * x - 1);
          const dx = pn / dp;
          x -= dx;
          if (Math.abs(dx) < 1e-15) break;
        }
        alphas.push((1 - x) / 2);
        weights.push(1 / ((1 - x * x) * dp * dp));
      }
      return { alphas: alphas.reverse(), weights: weights.reverse() };
    }
    default: throw new ArgumentError('method', `must be one of gausslegendre, riemann_trapezoid, riemann_middle, riemann_left, riemann_right, got ${String(method)}`);
  }
}

/**
 * The baseline x₀ of integrated gradients: 'pad' (default) puts the pad token's embedding at every
 * position but the special tokens, which keep theirs (so only the words are attributed); 'zero'
 * is all zeros; or the caller's [Ta, H] / [Tb, H] tensors (not disposed).
 */
export type Baseline = 'pad' | 'zero' | { a: tf.Tensor2D; b: tf.Tensor2D };

export interface AttributionOptions {
  /** Default 'integrated_gradients'. */
  method?: 'integrated_gradients' | 'gradient_x_input';
  /** Integrated gradients: evaluations along the path (default 50). */
  steps?: number;
  /** Integrated gradients: default 'gausslegendre' (as Captum). */
  integration?: IntegrationMethod;
  baseline?: Baseline;
  /** Path points per forward (default 16): larger is faster and takes more memory. */
  batchSize?: number;
}

export interface SimilarityAttribution {
  method: 'integrated_gradients' | 'gradient_x_input';
  similarity: number;
  /** s(x₀): integrated gradients only. */
  baselineSimilarity?: number;
  tokensA: TokenScore[];
  tokensB: TokenScore[];
  /** Σ scores − (s − s₀): the quadrature error, integrated gradients only. */
  completenessError?: number;
}

function baselineFor(model: SentenceTransformer, p: Prepared, x: tf.Tensor2D, baseline: Exclude<Baseline, object>): tf.Tensor2D {
  if (baseline === 'zero') return tf.zerosLike(x);
  const pad = model.transformer.tokenizer.specialTokenId('pad_token');
  if (pad === undefined) throw new ArgumentError('baseline', '"pad" needs a tokenizer with a pad token; pass "zero" or tensors');
  return tf.tidy(() => lookup(model, { ...p, ids: p.ids.map((id, i) => (p.special[i] ? id : pad)) }));
}

function scores(p: Prepared, values: Float32Array | Int32Array | Uint8Array): TokenScore[] {
  return p.tokens.map((token, i) => ({ token, id: p.ids[i]!, score: values[i]! }));
}

/**
 * Attributions of similarity(a, b) to the tokens of a and of b (see the top of this file).
 * Synchronous; every tensor it makes is freed. The model is put in eval mode.
 */
export function attributeSimilarity(model: SentenceTransformer, a: string, b: string, options: AttributionOptions = {}): SimilarityAttribution {
  const method = options.method ?? 'integrated_gradients';
  if (method === 'gradient_x_input') {
    const g = similarityGradients(model, a, b);
    const [sa, sb] = tf.tidy(() => [tf.sum(tf.mul(g.embedsA, g.gradA), 1), tf.sum(tf.mul(g.embedsB, g.gradB), 1)]);
    const out: SimilarityAttribution = { method, similarity: g.similarity, tokensA: scores(prepare(model, a), sa!.dataSync()), tokensB: scores(prepare(model, b), sb!.dataSync()) };
    tf.dispose([g.embedsA, g.embedsB, g.gradA, g.gradB, sa!, sb!]);
    return out;
  }
  if (method !== 'integrated_gradients') throw new ArgumentError('method', `must be integrated_gradients or gradient_x_input, got ${String(method)}`);
  registerTrainingGradients();
  model.eval();
  const { alphas, weights } = quadrature(options.integration ?? 'gausslegendre', options.steps ?? 50);
  const batchSize = options.batchSize ?? 16;
  const pa = prepare(model, a);
  const pb = prepare(model, b);
  const sim = similarityFn(model);
  const xa = lookup(model, pa);
  const xb = lookup(model, pb);
  const baseline = options.baseline ?? 'pad';
  const [ba, bb] = typeof baseline === 'object' ? [baseline.a, baseline.b] : [baselineFor(model, pa, xa, baseline), baselineFor(model, pb, xb, baseline)];
  if (ba.shape.join() !== xa.shape.join() || bb.shape.join() !== xb.shape.join()) {
    throw new ArgumentError('baseline', `must have the input embeddings' shapes [${xa.shape.join(', ')}] and [${xb.shape.join(', ')}]`);
  }
  const endpoints = tf.tidy(() => [xa, ba].map((x, i) => {
    const ea = embedFromInputsEmbeds(model, pa, tf.expandDims(x, 0) as tf.Tensor3D);
    const eb = embedFromInputsEmbeds(model, pb, tf.expandDims(i === 0 ? xb : bb, 0) as tf.Tensor3D);
    return sim(ea, eb);
  }));
  const [similarity, baselineSimilarity] = endpoints.map((t) => t.dataSync()[0]!) as [number, number];
  tf.dispose(endpoints);
  // Σ_s w_s ∇s(x₀ + α_s (x − x₀)), in chunks of batchSize path points: each chunk is one forward
  // of S copies of each text, whose weighted similarity sum has exactly these gradients.
  let sumA = tf.zerosLike(xa);
  let sumB = tf.zerosLike(xb);
  for (let start = 0; start < alphas.length; start += batchSize) {
    const al = alphas.slice(start, start + batchSize);
    const w = weights.slice(start, start + batchSize);
    const [na, nb] = tf.tidy('research.integratedGradients', () => {
      const path = (x: tf.Tensor2D, base: tf.Tensor2D): tf.Tensor3D =>
        tf.add(tf.expandDims(base, 0), tf.mul(tf.tensor3d(al, [al.length, 1, 1]), tf.expandDims(tf.sub(x, base), 0))) as tf.Tensor3D;
      const g = tf.grads((ea: tf.Tensor, eb: tf.Tensor) => {
        const s = sim(embedFromInputsEmbeds(model, pa, ea as tf.Tensor3D), embedFromInputsEmbeds(model, pb, eb as tf.Tensor3D));
        return tf.sum(tf.mul(s, tf.tensor1d(w))) as tf.Scalar;
      });
      const [ga, gb] = g([path(xa, ba), path(xb, bb)]);
      return [tf.add(sumA, tf.sum(ga!, 0)), tf.add(sumB, tf.sum(gb!, 0))];
    });
    tf.dispose([sumA, sumB]);
    sumA = na as tf.Tensor2D;
    sumB = nb as tf.Tensor2D;
  }
  const [attA, attB] = tf.tidy(() => [tf.sum(tf.mul(tf.sub(xa, ba), sumA), 1), tf.sum(tf.mul(tf.sub(xb, bb), sumB), 1)]);
  const va = attA!.dataSync();
  const vb = attB!.dataSync();
  const total = [...va, ...vb].reduce((s, v) => s + v, 0);
  tf.dispose([attA!, attB!, sumA, sumB, xa, xb]);
  if (typeof baseline !== 'object') tf.dispose([ba, bb]);
  return {
    method, similarity, baselineSimilarity, tokensA: scores(pa, va), tokensB: scores(pb, vb),
    completenessError: total - (similarity - baselineSimilarity),
  };
}

export interface AttentionRollout {
  tokens: string[];
  /** [T, T]: row i is how much token i's final representation draws on each input token. */
  rollout: number[][];
  /**
   * Per input token: the row the sentence embedding reads (row 0 for CLS pooling), else the
   * mean of all rows (mean/max pooling read every token).
   */
  scores: TokenScore[];
}

/** Attention rollout of one text through the model's encoder (the layers it has now). */
export function attentionRollout(model: SentenceTransformer, text: string): AttentionRollout {
  const p = prepare(model, text);
  const t = p.ids.length;
  const matrix = tf.tidy('research.attentionRollout', () => {
    const out = model.transformer.encoder.forward({
      input_ids: tf.tensor2d([p.ids], [1, t], 'int32'),
      attention_mask: tf.ones([1, t], 'int32') as tf.Tensor2D,
      token_type_ids: tf.tensor2d([p.tokenTypes], [1, t], 'int32'),
    }, { outputAttentions: true });
    const eye = tf.eye(t);
    let r = eye as tf.Tensor2D;
    for (const att of out.attentions ?? []) {
      const a = tf.div(tf.add(tf.squeeze(tf.mean(att, 1), [0]), eye), 2) as tf.Tensor2D;   // [T, T]
      r = tf.matMul(a, r);
    }
    return r;
  });
  const rollout = matrix.arraySync();
  matrix.dispose();
  const cls = model.modules.some((m) => m instanceof Pooling && m.config.modes.length === 1 && m.config.modes[0] === 'cls');
  const per = cls ? rollout[0]! : rollout[0]!.map((_, j) => rollout.reduce((s, row) => s + row[j]!, 0) / t);
  return { tokens: p.tokens, rollout, scores: p.tokens.map((token, i) => ({ token, id: p.ids[i]!, score: per[i]! })) };
}
