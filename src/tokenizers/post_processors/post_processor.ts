// A post-processor adds the special tokens around one input or a pair and sets token types.
import type { Encoding } from '../encoding.js';

export interface PostProcessor {
  /** How many tokens `process` adds (truncation budgets for them). */
  addedTokens(isPair: boolean): number;
  process(a: Encoding, b: Encoding | null): Encoding;
}

/** An encoding of special tokens only, all with one type id. */
export function specials(ids: readonly number[], tokens: readonly string[], typeId: number): Encoding {
  return {
    ids: [...ids],
    tokens: [...tokens],
    attention_mask: ids.map(() => 1),
    type_ids: ids.map(() => typeId),
    offsets: ids.map((): [number, number] => [0, 0]),
    special_tokens_mask: ids.map(() => 1),
  };
}

export function withTypeId(e: Encoding, typeId: number): Encoding {
  return { ...e, type_ids: e.ids.map(() => typeId) };
}
