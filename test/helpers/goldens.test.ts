// Checks the reference fixtures against first principles, so a broken generator cannot hide.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTENTION_GOLDEN_MODELS, CLASSIC_MODELS, FIXTURES_DIR, classicModelDir, LAYER_GOLDEN_MODELS, TINY_MODELS, loadGoldens, tinyModelDir } from './goldens.js';
import type { GoldenTensor } from './goldens.js';
import { CPU_ATOL } from './tolerances.js';

/** float32 sums of ≤ 64 terms in a different order than PyTorch. */

function at(t: GoldenTensor, idx: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < idx.length; d++) flat = flat * (t.shape[d] ?? 0) + (idx[d] ?? 0);
  const v = t.data[flat];
  if (v === undefined) throw new Error(`index [${idx.join(', ')}] out of range for shape [${t.shape.join(', ')}]`);
  return v;
}

describe.each(TINY_MODELS)('goldens %s', (name) => {
  const g = loadGoldens(name);
  const ids = g.tensor('input_ids');
  const mask = g.tensor('attention_mask');
  const [B, T] = ids.shape as [number, number];

  it('padded batch matches the unpadded ids and the max_seq_length', () => {
    expect(B).toBe(g.meta.sentences.length);
    expect(T).toBe(g.meta.padded_length);
    expect(ids.dtype).toBe('int32');
    expect(g.meta.input_ids[g.meta.exact_length_sentence_index]?.length).toBe(g.meta.max_seq_length);
    for (let b = 0; b < B; b++) {
      const row = g.meta.input_ids[b] ?? [];
      expect(row.length).toBeLessThanOrEqual(g.meta.max_seq_length);
      for (let t = 0; t < T; t++) {
        expect(at(mask, [b, t])).toBe(t < row.length ? 1 : 0);
        if (t < row.length) expect(at(ids, [b, t])).toBe(row[t]);
      }
    }
    // The empty sentence still gets the two framing tokens.
    expect(g.meta.input_ids[g.meta.sentences.indexOf('')]?.length).toBe(2);
  });

  it('token_embeddings have [B, T, H] and sentence_embedding [B, D]', () => {
    expect(g.tensor('token_embeddings').shape).toEqual([B, T, g.meta.hidden_size]);
    expect(g.tensor('sentence_embedding').shape).toEqual([B, g.meta.embedding_dimension]);
  });

  it('sentence_embedding follows the pooling mode (and Normalize)', () => {
    const tok = g.tensor('token_embeddings');
    const emb = g.tensor('sentence_embedding');
    const H = g.meta.hidden_size;
    for (let b = 0; b < B; b++) {
      const n = (g.meta.input_ids[b] ?? []).length;
      if (g.meta.normalize) {
        let sq = 0;
        for (let d = 0; d < g.meta.embedding_dimension; d++) sq += at(emb, [b, d]) ** 2;
        expect(Math.sqrt(sq)).toBeCloseTo(1, 5);
        continue;
      }
      for (let d = 0; d < H; d++) {
        let expected = 0;
        if (g.meta.pooling_mode === 'cls') expected = at(tok, [b, 0, d]);
        else if (g.meta.pooling_mode === 'mean') {
          for (let t = 0; t < n; t++) expected += at(tok, [b, t, d]);
          expected /= n;
        } else throw new Error(`untested pooling mode ${g.meta.pooling_mode}`);
        expect(Math.abs(at(emb, [b, d]) - expected)).toBeLessThan(CPU_ATOL);
      }
    }
  });

  it('model folder has what SentenceTransformer.save() writes', () => {
    const dir = tinyModelDir(name);
    for (const f of ['modules.json', 'config.json', 'model.safetensors', 'tokenizer.json', '1_Pooling/config.json']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
  });
});

describe.each(LAYER_GOLDEN_MODELS)('layer goldens %s', (name) => {
  const g = loadGoldens(name);
  const [B, T] = g.tensor('input_ids').shape as [number, number];
  const L = g.meta.num_layers;

  it('has L+1 hidden states (L attentions where stored); the last hidden state is token_embeddings', () => {
    const hidden = [...g.tensors.keys()].filter((k) => k.startsWith('hidden_states.'));
    const attn = [...g.tensors.keys()].filter((k) => k.startsWith('attentions.'));
    expect(hidden.length).toBe(L + 1);
    expect(attn.length).toBe(ATTENTION_GOLDEN_MODELS.includes(name) ? L : 0);
    expect(g.tensor(`hidden_states.${L}`).data).toEqual(g.tensor('token_embeddings').data);
  });
});

describe.each(ATTENTION_GOLDEN_MODELS)('attention goldens %s', (name) => {
  const g = loadGoldens(name);
  const [B, T] = g.tensor('input_ids').shape as [number, number];
  const L = g.meta.num_layers;

  it('attention rows are distributions over the unmasked keys', () => {
    const mask = g.tensor('attention_mask');
    for (let l = 0; l < L; l++) {
      const a = g.tensor(`attentions.${l}`);
      expect(a.shape).toEqual([B, g.meta.num_heads, T, T]);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < g.meta.num_heads; h++) {
          for (let q = 0; q < T; q++) {
            let sum = 0;
            for (let k = 0; k < T; k++) {
              const p = at(a, [b, h, q, k]);
              if (at(mask, [b, k]) === 0) expect(p).toBe(0);
              sum += p;
            }
            expect(Math.abs(sum - 1)).toBeLessThan(CPU_ATOL);
          }
        }
      }
    }
  });
});

it('fixtures dir holds the three tokenizers', () => {
  for (const f of ['wordpiece/vocab.txt', 'bpe/vocab.json', 'bpe/merges.txt', 'unigram/sentencepiece.bpe.model']) {
    expect(existsSync(join(FIXTURES_DIR, 'tokenizers', f)), f).toBe(true);
  }
});

describe.each(CLASSIC_MODELS)('classic layout %s', (name) => {
  it('uses the v2.x module types and pooling booleans that match the golden pooling mode', () => {
    const dir = classicModelDir(name);
    const modules = JSON.parse(readFileSync(join(dir, 'modules.json'), 'utf-8')) as { type: string }[];
    expect(modules.map((m) => m.type.split('.').pop())).toEqual(['Transformer', 'Pooling', 'Dense', 'Normalize']);
    expect(modules.every((m) => m.type.startsWith('sentence_transformers.models.'))).toBe(true);
    const pool = JSON.parse(readFileSync(join(dir, '1_Pooling', 'config.json'), 'utf-8')) as Record<string, unknown>;
    const mode = loadGoldens(name).meta.pooling_mode;
    expect(pool[`pooling_mode_${mode}_tokens`]).toBe(true);
    expect(existsSync(join(dir, 'pytorch_model.bin'))).toBe(true);
    expect(existsSync(join(dir, 'model.safetensors'))).toBe(false);
  });
});
