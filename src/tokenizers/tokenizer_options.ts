// The non-stage parts of tokenizer.json: added_tokens, truncation, padding; and reading special
// tokens out of tokenizer_config.json values (a string or an AddedToken dict).
import { TokenizerError } from '../errors.js';
import { MAX_ADDED_TOKEN_LENGTH } from '../format/limits.js';
import type { AddedToken } from './added_tokens.js';
import type { SpecialTokenValue, TokenizerConfigJson } from './tokenizer_json.js';
import { asObject, bool, describe, int, str } from './util/json_fields.js';

export interface TruncationParams {
  /** Budget including the special tokens the post-processor adds. */
  maxLength: number;
  strategy: 'LongestFirst' | 'OnlyFirst' | 'OnlySecond';
  direction: 'Left' | 'Right';
}

export interface PaddingParams {
  padId: number;
  padTypeId: number;
  padToken: string;
  direction: 'Left' | 'Right';
}

export function parseAddedTokens(json: unknown, file: string): AddedToken[] {
  if (json === undefined || json === null) return [];
  if (!Array.isArray(json)) throw new TokenizerError(file, 'added_tokens', `expected an array, found ${describe(json)}`);
  return json.map((t, i) => {
    const at = `added_tokens[${i}]`;
    const o = asObject(t, file, at);
    const special = bool(o, 'special', file, at, false);
    const content = str(o, 'content', file, at);
    // Added tokens are matched with one alternation over all of them (added_tokens.ts): a huge
    // token would make that pattern too large to compile.
    if (content.length > MAX_ADDED_TOKEN_LENGTH) {
      throw new TokenizerError(file, `${at}.content`, `is ${content.length} characters long, more than the limit of ${MAX_ADDED_TOKEN_LENGTH} (MAX_ADDED_TOKEN_LENGTH)`);
    }
    return {
      id: int(o, 'id', file, at),
      content,
      singleWord: bool(o, 'single_word', file, at, false),
      lstrip: bool(o, 'lstrip', file, at, false),
      rstrip: bool(o, 'rstrip', file, at, false),
      normalized: bool(o, 'normalized', file, at, !special),
      special,
    };
  });
}

export function parseTruncation(json: unknown, file: string): TruncationParams | null {
  if (json === undefined || json === null) return null;
  const o = asObject(json, file, 'truncation');
  const strategy = str(o, 'strategy', file, 'truncation', 'LongestFirst');
  const direction = str(o, 'direction', file, 'truncation', 'Right');
  if (strategy !== 'LongestFirst' && strategy !== 'OnlyFirst' && strategy !== 'OnlySecond') {
    throw new TokenizerError(file, 'truncation.strategy', `expected LongestFirst, OnlyFirst or OnlySecond, found ${JSON.stringify(strategy)}`);
  }
  if (direction !== 'Left' && direction !== 'Right') throw new TokenizerError(file, 'truncation.direction', `expected Left or Right, found ${JSON.stringify(direction)}`);
  return { maxLength: int(o, 'max_length', file, 'truncation'), strategy, direction };
}

/**
 * Pad id, in the order transformers resolves it: the config's pad_token, tokenizer.json's
 * padding section, a [PAD] / <pad> token, else 0.
 */
export function parsePadding(json: unknown, file: string, config: TokenizerConfigJson, idOf: (t: string) => number | undefined): PaddingParams {
  const o = json === undefined || json === null ? {} : asObject(json, file, 'padding');
  const direction = str(o, 'direction', file, 'padding', 'Right');
  if (direction !== 'Left' && direction !== 'Right') throw new TokenizerError(file, 'padding.direction', `expected Left or Right, found ${JSON.stringify(direction)}`);
  const fromConfig = specialTokenContent(config.pad_token);
  const candidates = [fromConfig, typeof o['pad_token'] === 'string' ? o['pad_token'] : undefined, '[PAD]', '<pad>'];
  for (const c of candidates) {
    const id = c === undefined ? undefined : idOf(c);
    if (c !== undefined && id !== undefined) return { padId: id, padToken: c, padTypeId: int(o, 'pad_type_id', file, 'padding', 0), direction };
  }
  return { padId: int(o, 'pad_id', file, 'padding', 0), padToken: str(o, 'pad_token', file, 'padding', '[PAD]'), padTypeId: int(o, 'pad_type_id', file, 'padding', 0), direction };
}

export function specialTokenContent(v: SpecialTokenValue | undefined | null): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : v.content;
}
