// Test-only access to the cross-encoder fixtures written by test/reference/fixture_cross_encoders.py:
// test/fixtures/cross_encoders/<name>/ (CrossEncoder.save of sentence-transformers 6.2.0, and two
// older layouts) and test/fixtures/goldens/cross_encoders.{json,safetensors}.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, readSafetensorsFile, type GoldenTensor } from '../helpers/goldens.js';

export const CROSS_ENCODERS = [
  'tiny-ce-bert-1', 'tiny-ce-bert-3', 'tiny-ce-roberta-1', 'tiny-ce-roberta-3',
  'tiny-ce-distilbert-1', 'tiny-ce-distilbert-3', 'tiny-ce-xlmr-1', 'tiny-ce-xlmr-3',
  'tiny-ce-mpnet-1', 'tiny-ce-mpnet-3',
] as const;
export type CrossEncoderName = (typeof CROSS_ENCODERS)[number];
/** Folders in the layouts before modules.json (see fixture_cross_encoders.py LEGACY). */
export const LEGACY_CROSS_ENCODERS = ['tiny-ce-bert-1-v3', 'tiny-ce-distilbert-3-v4'] as const;

/**
 * The tokenizers of the pair ids: fixture folders under test/fixtures/tokenizers/, and mpnet (the
 * WordPiece fixture with MPNet's specials, as tiny-mpnet's; fixture_models.py :: mpnet_tokenizer).
 */
export type CrossEncoderTokenizer = 'wordpiece' | 'bpe' | 'unigram' | 'mpnet';

export interface CrossEncoderModelMeta {
  dir: string;
  model_type: string;
  tokenizer: CrossEncoderTokenizer;
  num_labels: number;
  activation_fn: string;
  max_seq_length: number;
  rank?: number[];
  rank_top5?: { corpus_id: number; text: string }[];
}

export type Metrics = Record<string, number>;

export interface CrossEncoderGoldens {
  batch_size: number;
  pairs: [string, string][];
  pair_ids: Record<CrossEncoderTokenizer, number[][]>;
  models: Record<CrossEncoderName, CrossEncoderModelMeta>;
  legacy: Record<(typeof LEGACY_CROSS_ENCODERS)[number], { dir: string; weights_of: CrossEncoderName; activation_fn: string; max_seq_length: number }>;
  rank: { query: string; documents: string[] };
  eval: {
    data: {
      pairs: [string, string][];
      scores: number[];
      binary_labels: number[];
      ternary_labels: number[];
      rerank_positive_negative: { query: string; positive: string[]; negative: string[] }[];
      rerank_documents: { query: string; positive: string[]; documents: string[] }[];
    };
    metrics: Record<string, Record<string, Metrics>>;
  };
}

let cached: { meta: CrossEncoderGoldens; tensors: Map<string, GoldenTensor> } | undefined;

export function crossEncoderGoldens(): { meta: CrossEncoderGoldens; tensor(name: string): GoldenTensor } {
  cached ??= {
    meta: JSON.parse(readFileSync(join(FIXTURES_DIR, 'goldens', 'cross_encoders.json'), 'utf-8')) as CrossEncoderGoldens,
    tensors: readSafetensorsFile(join(FIXTURES_DIR, 'goldens', 'cross_encoders.safetensors')),
  };
  const { meta, tensors } = cached;
  return {
    meta,
    tensor(name: string): GoldenTensor {
      const t = tensors.get(name);
      if (t === undefined) throw new Error(`goldens/cross_encoders.safetensors: no tensor "${name}"`);
      return t;
    },
  };
}

export function crossEncoderDir(name: string): string {
  return join(FIXTURES_DIR, 'cross_encoders', name);
}
