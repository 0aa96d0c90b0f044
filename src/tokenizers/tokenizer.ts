// Tokenizer: the tokenizer.json pipeline wired from its sections:
// added tokens -> normalizer -> pre_tokenizer -> model -> truncation -> post_processor.
// Every stage is public and replaceable; no stage writes into another.
import { ArgumentError, TokenizerError } from '../errors.js';
import { MAX_TEXT_LENGTH } from '../format/limits.js';
import { AddedVocabulary, type AddedToken } from './added_tokens.js';
import { createDecoder } from './decoders/create_decoder.js';
import type { Decoder } from './decoders/decoder.js';
import { concatEncodings, emptyEncoding, longestFirstLengths, padEncoding, truncateEncoding, type Encoding } from './encoding.js';
import { createModel } from './models/create_model.js';
import type { TokenizerModel } from './models/model.js';
import { createNormalizer } from './normalizers/create_normalizer.js';
import { lowercase } from './normalizers/lowercase.js';
import type { Normalizer } from './normalizers/normalizer.js';
import { createPostProcessor } from './post_processors/create_post_processor.js';
import type { PostProcessor } from './post_processors/post_processor.js';
import { createPreTokenizer } from './pre_tokenizers/create_pre_tokenizer.js';
import type { PreTokenizer } from './pre_tokenizers/pre_tokenizer.js';
import type { TokenizerConfigJson } from './tokenizer_json.js';
import { parseAddedTokens, parsePadding, parseTruncation, specialTokenContent, type PaddingParams, type TruncationParams } from './tokenizer_options.js';
import { asObject } from './util/json_fields.js';

export interface EncodeOptions {
  /** Add the post-processor's special tokens ([CLS]/[SEP], <s>/</s>); default true. */
  addSpecialTokens?: boolean;
  /** Truncate to this budget (special tokens included). Default: none, as transformers does. */
  truncation?: TruncationParams | null;
}

export interface BatchOptions extends EncodeOptions {
  /** 'longest' pads to the longest encoding of the batch; a number pads to that length. */
  padding?: 'longest' | number | null;
}

export class Tokenizer {
  addedVocabulary: AddedVocabulary;
  private decoderOrError: Decoder | Error;

  constructor(
    public normalizer: Normalizer,
    public preTokenizer: PreTokenizer,
    public model: TokenizerModel,
    public postProcessor: PostProcessor,
    decoder: Decoder | Error,
    addedTokens: readonly AddedToken[],
    /** Stored in tokenizer.json; applied only when passed to encode (transformers overrides it per call). */
    public truncation: TruncationParams | null,
    public padding: PaddingParams,
    /** tokenizer_config.json / special_tokens_map.json, when the loader had them. */
    public config: TokenizerConfigJson = {},
  ) {
    this.decoderOrError = decoder;
    this.addedVocabulary = new AddedVocabulary(addedTokens, normalizer);
  }

  /** Builds the pipeline from parsed tokenizer.json; `file` names it in errors. */
  static fromJson(json: unknown, file = 'tokenizer.json', config: TokenizerConfigJson = {}): Tokenizer {
    const o = asObject(json, file, '(top level)');
    if (o['model'] === undefined || o['model'] === null) throw new TokenizerError(file, 'model', 'is missing; a tokenizer needs a model section');
    const normalizer = createNormalizer(o['normalizer'], file);
    let decoder: Decoder | Error;
    try {
      decoder = createDecoder(o['decoder'], file);
    } catch (e) {
      decoder = e as Error; // decoding only: an unknown decoder must not block encoding
    }
    const model = createModel(o['model'], file);
    const added = parseAddedTokens(o['added_tokens'], file);
    return new Tokenizer(
      normalizer,
      createPreTokenizer(o['pre_tokenizer'], file),
      model,
      createPostProcessor(o['post_processor'], file),
      decoder,
      added,
      parseTruncation(o['truncation'], file),
      parsePadding(o['padding'], file, config, (t) => added.find((a) => a.content === t)?.id ?? model.tokenToId(t)),
      config,
    );
  }

  private lowercased: Tokenizer | undefined;

  /**
   * A copy whose normalizer lowercases first: sentence-transformers' do_lower_case prepends a
   * Lowercase normalizer, so added/special tokens in the text are still matched as written.
   * Built once per tokenizer.
   */
  withLowercase(): Tokenizer {
    const inner = this.normalizer;
    this.lowercased ??= new Tokenizer((s) => inner(lowercase(s)), this.preTokenizer, this.model, this.postProcessor,
      this.decoderOrError, this.addedVocabulary.tokens, this.truncation, this.padding, this.config);
    return this.lowercased;
  }

  /** Tokens of one text without special tokens; offsets index into `text` (UTF-16 units). */
  encodeText(text: string): Encoding {
    if (typeof text !== 'string') throw new ArgumentError('text', `must be a string, found ${text === null ? 'null' : typeof text}`);
    if (text.length > MAX_TEXT_LENGTH) {
      throw new ArgumentError('text', `has ${text.length} UTF-16 code units, more than the limit of ${MAX_TEXT_LENGTH} per text (MAX_TEXT_LENGTH)`);
    }
    const e = emptyEncoding();
    for (const seg of this.addedVocabulary.extract(text, this.normalizer)) {
      if (seg.token !== null) {
        // The token's value is the matched text, whitespace absorbed by lstrip / rstrip included
        // (tokenizers' AddedVocabulary): trim_offsets (post_processors/trim_offsets.ts) then
        // takes that whitespace off the offsets.
        push(e, seg.token.id, seg.text.text, [seg.text.originalStart, seg.text.ends[seg.text.length - 1] ?? seg.text.originalStart]);
        continue;
      }
      for (const piece of this.preTokenizer([seg.text])) {
        for (const t of this.model.tokenize(piece.text)) {
          push(e, t.id, t.value, [piece.starts[t.start] ?? 0, piece.ends[t.end - 1] ?? 0]);
        }
      }
    }
    return e;
  }

  encode(text: string, pair?: string | null, options: EncodeOptions = {}): Encoding {
    const addSpecial = options.addSpecialTokens ?? true;
    let a = this.encodeText(text);
    let b = pair === undefined || pair === null ? null : this.encodeText(pair);
    const trunc = options.truncation ?? null;
    if (trunc !== null) {
      const added = addSpecial ? this.postProcessor.addedTokens(b !== null) : 0;
      const budget = trunc.maxLength - added;
      if (budget < 0) {
        throw new TokenizerError('truncation', 'max_length', `${trunc.maxLength} is smaller than the ${added} special tokens added`);
      }
      [a, b] = truncatePair(a, b, budget, trunc);
    }
    // Without a post-processor pass the second input keeps type id 1, as tokenizers assigns it.
    if (!addSpecial) return b === null ? a : concatEncodings(a, { ...b, type_ids: b.ids.map(() => 1) });
    return this.postProcessor.process(a, b);
  }

  encodeBatch(texts: readonly string[], options: BatchOptions = {}): Encoding[] {
    const out = texts.map((t) => this.encode(t, null, options));
    const padding = options.padding ?? null;
    if (padding === null) return out;
    const length = padding === 'longest' ? Math.max(0, ...out.map((e) => e.ids.length)) : padding;
    return out.map((e) => padEncoding(e, { ...this.padding, length }));
  }

  decode(ids: readonly number[], skipSpecialTokens = true): string {
    if (this.decoderOrError instanceof Error) throw this.decoderOrError;
    const tokens: string[] = [];
    for (const id of ids) {
      const added = this.addedVocabulary.byId.get(id);
      if (added !== undefined && added.special && skipSpecialTokens) continue;
      const t = added?.content ?? this.model.idToToken(id);
      if (t !== undefined) tokens.push(t);
    }
    return this.decoderOrError(tokens).join('');
  }

  tokenToId(token: string): number | undefined {
    return this.addedVocabulary.byContent.get(token)?.id ?? this.model.tokenToId(token);
  }

  idToToken(id: number): string | undefined {
    return this.addedVocabulary.byId.get(id)?.content ?? this.model.idToToken(id);
  }

  /** The id of a special token named in the config (`pad_token` ...), if it has one. */
  specialTokenId(name: 'pad_token' | 'unk_token' | 'cls_token' | 'sep_token' | 'mask_token' | 'bos_token' | 'eos_token'): number | undefined {
    const c = specialTokenContent(this.config[name]);
    return c === undefined ? undefined : this.tokenToId(c);
  }
}

function push(e: Encoding, id: number, token: string, offsets: [number, number]): void {
  e.ids.push(id);
  e.tokens.push(token);
  e.attention_mask.push(1);
  e.type_ids.push(0);
  e.offsets.push(offsets);
  e.special_tokens_mask.push(0);
}

/** tokenizers' truncate_encodings for the three strategies. */
function truncatePair(a: Encoding, b: Encoding | null, budget: number, t: TruncationParams): [Encoding, Encoding | null] {
  if (b === null) {
    if (t.strategy === 'OnlySecond') throw new TokenizerError('truncation', 'strategy', 'OnlySecond needs a pair of inputs');
    return [truncateEncoding(a, budget, t.direction), null];
  }
  const n1 = a.ids.length;
  const n2 = b.ids.length;
  if (n1 + n2 <= budget) return [a, b];
  if (t.strategy === 'LongestFirst') {
    const [k1, k2] = longestFirstLengths(n1, n2, budget);
    return [truncateEncoding(a, k1, t.direction), truncateEncoding(b, k2, t.direction)];
  }
  const over = n1 + n2 - budget;
  if (t.strategy === 'OnlyFirst') {
    if (over > n1) throw new TokenizerError('truncation', 'strategy', `OnlyFirst cannot remove ${over} tokens from a first input of ${n1}`);
    return [truncateEncoding(a, n1 - over, t.direction), b];
  }
  if (over > n2) throw new TokenizerError('truncation', 'strategy', `OnlySecond cannot remove ${over} tokens from a second input of ${n2}`);
  return [a, truncateEncoding(b, n2 - over, t.direction)];
}
