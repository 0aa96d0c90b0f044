// encode() options against the reference (goldens/encode.json from make_encode_goldens.py):
// every pooling mode through the module pipeline, include_prompt, prompts, normalize, truncate_dim,
// precisions, token_embeddings, similarity_fn_name; plus ownership and leak checks.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FileSource } from '../../src/io/file_source.js';
import type { StModule } from '../../src/modules/features.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { encodeBatched } from '../../src/parallel/batching.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { tinyModelDir } from '../helpers/goldens.js';
import { CPU_ATOL, maxAbsDiff } from '../helpers/tolerances.js';

interface EncodeGoldens {
  sentences: string[];
  pooling: Record<string, { config: unknown; prompt?: string; embeddings: number[][] }>;
  prompt: { prompt: string; embeddings: number[][] };
  normalize: number[][];
  default_prompt: { prompts: Record<string, string>; default_prompt_name: string; default: number[][]; document: number[][] };
  truncate8: number[][];
  truncate8_normalize: number[][];
  precision: Record<'int8' | 'uint8' | 'binary' | 'ubinary', number[][]>;
  precision_rounding: { embeddings: number[][]; int8: number[][]; uint8: number[][] };
  token_embeddings: number[][][];
  similarity: Record<string, number[][] | number[]>;
}
const G = JSON.parse(readFileSync(new URL('./goldens/encode.json', import.meta.url), 'utf8')) as EncodeGoldens;

function expectRows(got: readonly ArrayLike<number>[], want: number[][], atol = CPU_ATOL): void {
  expect(got.length).toBe(want.length);
  got.forEach((r, i) => expect(maxAbsDiff(r, want[i]!)).toBeLessThan(atol));
}

/** `base` with some files replaced. */
function overlay(base: FileSource, files: Record<string, unknown>): FileSource {
  const enc = new TextEncoder();
  return {
    root: base.root,
    readBytes: async (p) => (p in files ? enc.encode(JSON.stringify(files[p])) : base.readBytes(p)),
    exists: async (p) => p in files || base.exists(p),
  };
}

let model: SentenceTransformer;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = await SentenceTransformer.fromSource(nodeSource(tinyModelDir('tiny-bert')));
});
afterAll(() => model.dispose());

describe('pooling modes through the pipeline equal the reference', () => {
  it.each(Object.keys(G.pooling).map((k) => [k]))('%s', async (key) => {
    const c = G.pooling[key]!;
    const m = await SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), { '1_Pooling/config.json': c.config }));
    try {
      expectRows(await m.encode(G.sentences, { batchSize: 3, ...(c.prompt === undefined ? {} : { prompt: c.prompt }) }), c.embeddings);
    } finally {
      m.dispose();
    }
  });

  it('the legacy boolean keys select modes in the reference order (cls, max, mean)', async () => {
    const legacy = { word_embedding_dimension: 32, pooling_mode_mean_tokens: true, pooling_mode_cls_token: true, pooling_mode_max_tokens: true, pooling_mode_mean_sqrt_len_tokens: false };
    const m = await SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), { '1_Pooling/config.json': legacy }));
    try {
      const want = G.pooling['all']!.embeddings.map((r) => [...r.slice(0, 96)]); // all = cls, max, mean, ...
      expectRows(await m.encode(G.sentences), want);
    } finally {
      m.dispose();
    }
  });
});

describe('encode options', () => {
  it('prompt', async () => expectRows(await model.encode(G.sentences, { prompt: G.prompt.prompt }), G.prompt.embeddings));
  it('default_prompt_name from config_sentence_transformers.json, and promptName', async () => {
    const d = G.default_prompt;
    const m = await SentenceTransformer.fromSource(overlay(nodeSource(tinyModelDir('tiny-bert')), {
      'config_sentence_transformers.json': { prompts: d.prompts, default_prompt_name: d.default_prompt_name, similarity_fn_name: 'cosine' },
    }));
    try {
      expectRows(await m.encode(G.sentences), d.default);
      expectRows(await m.encode(G.sentences, { promptName: 'document' }), d.document);
      expectRows(await m.encode(G.sentences, { prompt: '' }), (await model.encode(G.sentences, { convertTo: 'array' })));
    } finally {
      m.dispose();
    }
  });
  it('normalizeEmbeddings', async () => expectRows(await model.encode(G.sentences, { normalizeEmbeddings: true }), G.normalize));
  it('truncateDim (before normalization)', async () => {
    expectRows(await model.encode(G.sentences, { truncateDim: 8 }), G.truncate8);
    expectRows(await model.encode(G.sentences, { truncateDim: 8, normalizeEmbeddings: true }), G.truncate8_normalize);
  });
  it.each(['int8', 'uint8', 'binary', 'ubinary'] as const)('precision %s', async (precision) => {
    const got = await model.encode(G.sentences, { precision });
    // Bucket boundaries: a float32 difference of 1e-6 may move a value by one bucket, which here
    // happens to 1 of the 256 values; round() for floor() would move 107 of them.
    expectRows(got, G.precision[precision], precision.endsWith('binary') ? 0.5 : 1.5);
    const moved = got.flatMap((r, i) => Array.from(r).filter((v, k) => v !== G.precision[precision][i]![k]));
    expect(moved.length).toBeLessThanOrEqual(precision.endsWith('binary') ? 0 : 2);
    expect(got[0]).toBeInstanceOf(precision === 'int8' || precision === 'binary' ? Int8Array : Uint8Array);
  });
  it.each(['int8', 'uint8'] as const)('precision %s buckets by floor, exactly as the reference, on values where round() would differ', async (precision) => {
    // A last module that outputs the golden's fixed float32 embeddings; texts of one length in one
    // batch keep input order, so row i of the output is row i of the golden.
    const R = G.precision_rounding;
    const fixed: StModule = {
      name: 'fixed', type: 'test.Fixed', dispose: () => {},
      forward: (f) => ({ ...f, sentence_embedding: tf.tensor2d(R.embeddings) }),
    };
    const m = new SentenceTransformer([...model.modules, fixed], model.config, 'test');
    const texts = R.embeddings.map((_, i) => String.fromCharCode(97 + i));
    const got = await m.encode(texts, { precision, batchSize: texts.length });
    expect(got.map((r) => Array.from(r))).toEqual(R[precision]);
  });
  it('token_embeddings: one row per token of each text', async () => {
    const got = (await model.encode(G.sentences, { outputValue: 'token_embeddings', batchSize: 3 })) as Float32Array[][];
    got.forEach((rows, i) => {
      expect(rows.length).toBe(G.token_embeddings[i]!.length);
      expectRows(rows, G.token_embeddings[i]!);
    });
  });
  it('convertTo array and tensor', async () => {
    const arr = await model.encode(G.sentences, { convertTo: 'array' });
    expect(Array.isArray(arr[0])).toBe(true);
    const before = tf.memory().numTensors;
    const t = await model.encode(G.sentences, { convertTo: 'tensor' });
    expect(tf.memory().numTensors).toBe(before + 1); // only the caller's tensor
    expect(t.shape).toEqual([G.sentences.length, 32]);
    expectRows(await t.array(), arr);
    t.dispose();
  });
  it('progress callback reaches the total', async () => {
    const calls: [number, number][] = [];
    await model.encode(G.sentences, { batchSize: 3, onProgress: (d, n) => calls.push([d, n]) });
    expect(calls).toEqual([[3, 8], [6, 8], [8, 8]]);
  });
  it('an unknown promptName is an ArgumentError naming the prompts', async () => {
    await expect(model.encode(['x'], { promptName: 'nope' })).rejects.toThrow(/document, query/);
  });
});

describe('embeddingDimension', () => {
  it('asks each module for its output width, and is capped by truncateDim as the reference', async () => {
    expect(model.embeddingDimension).toBe(32);
    // A module of no known type that halves the width: only its own answer can give 16.
    const half: StModule = {
      name: 'half', type: 'test.Half', dispose: () => {},
      forward: (f) => ({ ...f, sentence_embedding: tf.slice(f.sentence_embedding!, [0, 0], [-1, f.sentence_embedding!.shape[1] / 2]) }),
      outputDimension: (d) => d / 2,
    };
    const m = new SentenceTransformer([...model.modules, half], model.config, 'test');
    expect(m.embeddingDimension).toBe(16);
    expect((await m.encode('a man'))).toHaveLength(16);
    expect(new SentenceTransformer(model.modules, model.config, 'test', 8).embeddingDimension).toBe(8);
    expect(new SentenceTransformer(model.modules, model.config, 'test', 64).embeddingDimension).toBe(32);
  });
});

describe('batching: sortBy and tokenBudget', () => {
  // G.sentences on tiny-bert (max_seq_length 32) have 11, 2, 32, 32, 30, 11, 18, 20 tokens but
  // 25, 0, 276, 73, 45, 14, 32, 47 characters, so token order differs from character order.
  it('sortBy tokens with a tokenBudget gives the reference embeddings in input order, in budgeted batches', async () => {
    const pad = vi.spyOn(model.transformer, 'pad');
    try {
      const before = tf.memory().numTensors;
      const got = await model.encode(G.sentences, { normalizeEmbeddings: true, batchSize: 3, sortBy: 'tokens', tokenBudget: 24 });
      expect(tf.memory().numTensors).toBe(before);
      // Every forward pass holds at most 24 padded tokens: 32-token texts alone, then [0, 5] (2 × 11).
      const shapes = pad.mock.results.map((r) => { const b = r.value as { input_ids: number[][] }; return [b.input_ids.length, b.input_ids[0]!.length]; });
      expect(shapes).toEqual([[1, 32], [1, 32], [1, 30], [1, 20], [1, 18], [2, 11], [1, 2]]);
      expectRows(got, G.normalize);
      expectRows(got, await model.encode(G.sentences, { normalizeEmbeddings: true, batchSize: 3, convertTo: 'array' }));
    } finally {
      pad.mockRestore();
    }
  });
  it('sortBy tokens alone groups by token count', async () => {
    const calls: [number, number][] = [];
    const pad = vi.spyOn(model.transformer, 'pad');
    try {
      expectRows(await model.encode(G.sentences, { normalizeEmbeddings: true, batchSize: 3, sortBy: 'tokens', onProgress: (d, n) => calls.push([d, n]) }), G.normalize);
      // token order 2, 3, 4 | 7, 6, 0 | 5, 1: batches padded to 32, 20 and 11 tokens
      expect(pad.mock.results.map((r) => (r.value as { input_ids: number[][] }).input_ids[0]!.length)).toEqual([32, 20, 11]);
      expect(calls).toEqual([[3, 8], [6, 8], [8, 8]]);
    } finally {
      pad.mockRestore();
    }
  });
  it('the tokenizer runs once per text, whatever the batching (encode and encodeBatched)', async () => {
    const t = model.transformer;
    const tokenizer = t.doLowerCase ? t.tokenizer.withLowercase() : t.tokenizer;
    const spy = vi.spyOn(tokenizer, 'encode');
    try {
      for (const run of [
        () => model.encode(G.sentences, { batchSize: 3 }),
        () => model.encode(G.sentences, { batchSize: 3, sortBy: 'tokens', tokenBudget: 24 }),
        () => model.encode(G.sentences, { batchSize: 3, tokenBudget: 24 }),
        () => encodeBatched(model, G.sentences, { batchSize: 3, tokenBudget: 24 }),
      ]) {
        spy.mockClear();
        await run();
        expect(spy.mock.calls.map((c) => c[0]).sort()).toEqual([...G.sentences].sort());
      }
    } finally {
      spy.mockRestore();
    }
  });
  it('refuses a bad sortBy or tokenBudget', async () => {
    await expect(model.encode(['x'], { sortBy: 'length' as 'tokens' })).rejects.toThrow(/sortBy/);
    await expect(model.encode(['x'], { tokenBudget: 0 })).rejects.toThrow(/tokenBudget.*positive integer/);
    await expect(model.encode(['x'], { tokenBudget: 2.5 })).rejects.toThrow(/tokenBudget/);
  });
});

describe('similarity', () => {
  it.each(['cosine', 'dot', 'euclidean', 'manhattan'] as const)('%s honours similarity_fn_name', async (fn) => {
    const emb = await model.encode(G.sentences);
    const m = new SentenceTransformer(model.modules, { ...model.config, similarity_fn_name: fn }, 'test');
    expectRows(m.similarity(emb.slice(0, 3), emb), G.similarity[fn] as number[][]);
    expect(maxAbsDiff(m.similarityPairwise(emb.slice(0, 4), emb.slice(4, 8)), G.similarity[`${fn}.pairwise`] as number[])).toBeLessThan(CPU_ATOL);
  });
});

describe('tensor lifetime', () => {
  it('10,000 encode() calls leave tf.memory().numTensors unchanged', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10_000; i++) {
      await model.encode('a');
      // Let the test runner's RPC breathe: data() resolves in microtasks only.
      if (i % 500 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 600_000);
});
