// WordPiece: greedy longest-match-first; one unknown piece makes the whole
// word [UNK]; words longer than max_input_chars_per_word (code points) are [UNK].
import { BoundedCache } from '../util/bounded_cache.js';
import type { Token, TokenizerModel } from './model.js';

export interface WordPieceOptions {
  unkToken: string;
  continuingSubwordPrefix: string;
  maxInputCharsPerWord: number;
}

export class WordPiece implements TokenizerModel {
  readonly type = 'WordPiece' as const;
  private readonly cache = new BoundedCache<Token[]>(10_000);
  private readonly unkId: number;

  constructor(
    readonly vocab: Map<string, number>,
    readonly vocabR: Map<number, string>,
    readonly options: WordPieceOptions,
    onMissingUnk: () => Error,
  ) {
    const unk = vocab.get(options.unkToken);
    if (unk === undefined) throw onMissingUnk();
    this.unkId = unk;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  tokenToId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.vocabR.get(id);
  }

  tokenize(piece: string): Token[] {
    const hit = this.cache.get(piece);
    if (hit !== undefined) return hit;
    const out = this.split(piece);
    this.cache.set(piece, out);
    return out;
  }

  private split(piece: string): Token[] {
    const chars = Array.from(piece);
    const unk = [{ id: this.unkId, value: this.options.unkToken, start: 0, end: chars.length }];
    if (chars.length > this.options.maxInputCharsPerWord) return unk;
    // UTF-16 position of each code point boundary, so candidates are plain slices.
    const at = new Array<number>(chars.length + 1);
    at[0] = 0;
    for (let k = 0; k < chars.length; k++) at[k + 1] = at[k]! + chars[k]!.length;
    const tokens: Token[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: Token | undefined;
      while (start < end) {
        let sub = piece.slice(at[start], at[end]);
        if (start > 0) sub = this.options.continuingSubwordPrefix + sub;
        const id = this.vocab.get(sub);
        if (id !== undefined) {
          found = { id, value: sub, start, end };
          break;
        }
        end--;
      }
      if (found === undefined) return unk;
      tokens.push(found);
      start = end;
    }
    return tokens;
  }
}
