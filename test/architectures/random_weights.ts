// In-memory checkpoints for unit tests: the checkpoints' key names and shapes, filled with
// seeded random values, so architecture tests need no files and run in milliseconds.
import * as tf from '@tensorflow/tfjs-core';

export const TINY_BERT = {
  model_type: 'bert', vocab_size: 50, hidden_size: 8, num_hidden_layers: 3, num_attention_heads: 2,
  intermediate_size: 16, hidden_act: 'gelu', max_position_embeddings: 12, type_vocab_size: 2,
  layer_norm_eps: 1e-12, pad_token_id: 0,
};
export const TINY_ROBERTA = { ...TINY_BERT, model_type: 'roberta', type_vocab_size: 1, pad_token_id: 1, layer_norm_eps: 1e-5 };
export const TINY_DISTILBERT = {
  model_type: 'distilbert', vocab_size: 50, dim: 8, n_layers: 3, n_heads: 2, hidden_dim: 16,
  activation: 'gelu', max_position_embeddings: 12, sinusoidal_pos_embds: false, pad_token_id: 0,
};

/** The checkpoint's key -> shape table for a BERT-family config (pooler included, as HF saves it). */
export function bertShapes(c: typeof TINY_BERT): Map<string, number[]> {
  const H = c.hidden_size, I = c.intermediate_size;
  const m = new Map<string, number[]>([
    ['embeddings.word_embeddings.weight', [c.vocab_size, H]],
    ['embeddings.position_embeddings.weight', [c.max_position_embeddings, H]],
    ['embeddings.token_type_embeddings.weight', [c.type_vocab_size, H]],
    ['embeddings.LayerNorm.weight', [H]], ['embeddings.LayerNorm.bias', [H]],
  ]);
  for (let i = 0; i < c.num_hidden_layers; i++) {
    const p = `encoder.layer.${i}`;
    for (const n of ['attention.self.query', 'attention.self.key', 'attention.self.value', 'attention.output.dense']) {
      m.set(`${p}.${n}.weight`, [H, H]).set(`${p}.${n}.bias`, [H]);
    }
    m.set(`${p}.attention.output.LayerNorm.weight`, [H]).set(`${p}.attention.output.LayerNorm.bias`, [H]);
    m.set(`${p}.intermediate.dense.weight`, [I, H]).set(`${p}.intermediate.dense.bias`, [I]);
    m.set(`${p}.output.dense.weight`, [H, I]).set(`${p}.output.dense.bias`, [H]);
    m.set(`${p}.output.LayerNorm.weight`, [H]).set(`${p}.output.LayerNorm.bias`, [H]);
  }
  return m.set('pooler.dense.weight', [H, H]).set('pooler.dense.bias', [H]);
}

export function distilbertShapes(c: typeof TINY_DISTILBERT): Map<string, number[]> {
  const D = c.dim, F = c.hidden_dim;
  const m = new Map<string, number[]>([
    ['embeddings.word_embeddings.weight', [c.vocab_size, D]],
    ['embeddings.position_embeddings.weight', [c.max_position_embeddings, D]],
    ['embeddings.LayerNorm.weight', [D]], ['embeddings.LayerNorm.bias', [D]],
  ]);
  for (let i = 0; i < c.n_layers; i++) {
    const p = `transformer.layer.${i}`;
    for (const n of ['attention.q_lin', 'attention.k_lin', 'attention.v_lin', 'attention.out_lin']) {
      m.set(`${p}.${n}.weight`, [D, D]).set(`${p}.${n}.bias`, [D]);
    }
    m.set(`${p}.sa_layer_norm.weight`, [D]).set(`${p}.sa_layer_norm.bias`, [D]);
    m.set(`${p}.ffn.lin1.weight`, [F, D]).set(`${p}.ffn.lin1.bias`, [F]);
    m.set(`${p}.ffn.lin2.weight`, [D, F]).set(`${p}.ffn.lin2.bias`, [D]);
    m.set(`${p}.output_layer_norm.weight`, [D]).set(`${p}.output_layer_norm.bias`, [D]);
  }
  return m;
}

/** Seeded values: name -> Float32Array (kept in JS so tests can compare after the model owns the tensors). */
export function randomValues(shapes: Map<string, number[]>, seed = 1): Map<string, Float32Array> {
  let s = seed >>> 0;
  const next = (): number => {                      // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Map<string, Float32Array>();
  for (const [k, shape] of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    const isGamma = k.endsWith('LayerNorm.weight') || k.endsWith('layer_norm.weight');
    out.set(k, Float32Array.from({ length: n }, () => (isGamma ? 1 : 0) + (next() - 0.5) * 0.4));
  }
  return out;
}

export function toTensors(values: Map<string, Float32Array>, shapes: Map<string, number[]>, rename = (k: string) => k): Map<string, tf.Tensor> {
  return new Map([...values].map(([k, v]) => [rename(k), tf.tensor(v, shapes.get(k))]));
}

/** A padded batch: row 0 full length T, row 1 shorter, ids drawn from [3, vocab). */
export function batch(t: number, lengths: number[], pad: number, vocab = 50): { input_ids: tf.Tensor2D; attention_mask: tf.Tensor2D; token_type_ids: tf.Tensor2D } {
  const ids: number[][] = [], mask: number[][] = [];
  for (const [r, len] of lengths.entries()) {
    ids.push(Array.from({ length: t }, (_, j) => (j < len ? 3 + ((r * 7 + j * 13) % (vocab - 3)) : pad)));
    mask.push(Array.from({ length: t }, (_, j) => (j < len ? 1 : 0)));
  }
  return {
    input_ids: tf.tensor2d(ids, undefined, 'int32'),
    attention_mask: tf.tensor2d(mask, undefined, 'int32'),
    token_type_ids: tf.zeros([lengths.length, t], 'int32') as tf.Tensor2D,
  };
}
