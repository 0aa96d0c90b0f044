// The model turns one pre-token into vocabulary tokens.

export interface Token {
  id: number;
  value: string;
  /** Code-point range [start, end) inside the pre-token. */
  start: number;
  end: number;
}

export interface TokenizerModel {
  readonly type: 'WordPiece' | 'BPE' | 'Unigram';
  tokenize(piece: string): Token[];
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  readonly vocabSize: number;
}

