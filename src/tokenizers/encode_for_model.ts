// What sentence-transformers' Transformer module feeds the model: lowercase when
// sentence_bert_config.json says do_lower_case (ST prepends a Lowercase normalizer, so special
// tokens in the text stay as they are), truncate longest_first at max_seq_length counting the
// special tokens, pad to the longest in the batch.
// No strip() by default: the reference (sentence-transformers 6.2) passes texts through as they
// are; the torture goldens pin it (tiny-roberta keeps "\tlead trail\t"'s tabs as tokens). Older
// sentence-transformers versions stripped each text; `strip: true` reproduces them.
import { ArgumentError } from '../errors.js';
import type { Tokenizer } from './tokenizer.js';

export interface ModelInputOptions {
  /** The model's max_seq_length (sentence_bert_config.json), special tokens included. */
  maxSeqLength: number;
  doLowerCase?: boolean;
  /** Strip each text like Python's str.strip() first, as older sentence-transformers (e.g. 2.x) did. Default false. */
  strip?: boolean;
}

export interface ModelInputBatch {
  input_ids: number[][];
  attention_mask: number[][];
  token_type_ids: number[][];
}

/** Python str.isspace() code points (differs from JS trim(): U+001C..U+001F yes, U+FEFF no). */
const PY_SPACE = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

export function pythonStrip(s: string): string {
  return s.replace(PY_SPACE, '');
}

/** encodeForModel's batch for `texts`: each text tokenized once (encodeEachForModel), then padded. */
export function encodeForModel(tokenizer: Tokenizer, texts: readonly string[], options: ModelInputOptions): ModelInputBatch {
  return padForModel(tokenizer, encodeEachForModel(tokenizer, texts, options));
}

/**
 * One row per text, lowercased and truncated as encodeForModel does but not padded, so a caller
 * can tokenize every text once, group rows by their lengths, and pad each group (padForModel).
 */
export function encodeEachForModel(tokenizer: Tokenizer, texts: readonly string[], options: ModelInputOptions): ModelInputBatch {
  if (!Number.isInteger(options.maxSeqLength) || options.maxSeqLength <= 0) {
    throw new ArgumentError('maxSeqLength', `must be a positive integer, got ${options.maxSeqLength}`);
  }
  const tok = options.doLowerCase === true ? tokenizer.withLowercase() : tokenizer;
  const inputs = options.strip === true ? texts.map(pythonStrip) : texts;
  const encodings = tok.encodeBatch(inputs, {
    truncation: { maxLength: options.maxSeqLength, strategy: 'LongestFirst', direction: 'Right' },
    padding: null,
  });
  return {
    input_ids: encodings.map((e) => e.ids),
    attention_mask: encodings.map((e) => e.attention_mask),
    token_type_ids: encodings.map((e) => e.type_ids),
  };
}

/** `rows` padded to the longest with the tokenizer's padding section (pad id, type id, side), as
 *  Tokenizer.encodeBatch pads with padding 'longest'. The rows are not changed. */
export function padForModel(tokenizer: Tokenizer, rows: ModelInputBatch): ModelInputBatch {
  const { padId, padTypeId, direction } = tokenizer.padding;
  const length = Math.max(0, ...rows.input_ids.map((r) => r.length));
  const pad = (r: readonly number[], v: number): number[] => {
    const fill = new Array<number>(length - r.length).fill(v);
    return direction === 'Right' ? [...r, ...fill] : [...fill, ...r];
  };
  return {
    input_ids: rows.input_ids.map((r) => pad(r, padId)),
    attention_mask: rows.attention_mask.map((r) => pad(r, 0)),
    token_type_ids: rows.token_type_ids.map((r) => pad(r, padTypeId)),
  };
}
