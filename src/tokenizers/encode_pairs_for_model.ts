// What sentence-transformers' CrossEncoder feeds its model (base/modules/transformer.py ::
// Transformer.preprocess on text pairs): tokenizer(texts, text_pairs, padding=True,
// truncation="longest_first") at the model's max length, so the tokenizer's pair template
// ([CLS] A [SEP] B [SEP], <s> A </s></s> B </s>) and its token type ids, the longer side cut
// first, padded to the longest pair of the batch.
import { ArgumentError } from '../errors.js';
import { padEncoding } from './encoding.js';
import { pythonStrip, type ModelInputBatch, type ModelInputOptions } from './encode_for_model.js';
import type { Tokenizer } from './tokenizer.js';

/** A (first, second) text pair: query and document, premise and hypothesis. */
export type TextPair = readonly [string, string];

export function encodePairsForModel(tokenizer: Tokenizer, pairs: readonly TextPair[], options: ModelInputOptions): ModelInputBatch {
  if (!Number.isInteger(options.maxSeqLength) || options.maxSeqLength <= 0) {
    throw new ArgumentError('maxSeqLength', `must be a positive integer, got ${options.maxSeqLength}`);
  }
  const tok = options.doLowerCase === true ? tokenizer.withLowercase() : tokenizer;
  const clean = options.strip === true ? pythonStrip : (s: string): string => s;
  const truncation = { maxLength: options.maxSeqLength, strategy: 'LongestFirst', direction: 'Right' } as const;
  const encodings = pairs.map(([a, b]) => tok.encode(clean(a), clean(b), { truncation }));
  const length = Math.max(0, ...encodings.map((e) => e.ids.length));
  const padded = encodings.map((e) => padEncoding(e, { ...tok.padding, length }));
  return {
    input_ids: padded.map((e) => e.ids),
    attention_mask: padded.map((e) => e.attention_mask),
    token_type_ids: padded.map((e) => e.type_ids),
  };
}
