// Unigram (SentencePiece): the best-scoring segmentation by Viterbi, unknown
// characters scored min_score - 10 and consecutive unknowns fused into one <unk>.
import { BoundedCache } from '../util/bounded_cache.js';
import { viterbi } from '../util/token_lattice.js';
import { Trie } from '../util/trie.js';
import type { Token, TokenizerModel } from './model.js';

const UNK_PENALTY = 10;

export class Unigram implements TokenizerModel {
  readonly type = 'Unigram' as const;
  private readonly cache = new BoundedCache<Token[]>(10_000);
  private readonly toId = new Map<string, number>();
  private readonly trie = new Trie();
  private readonly scores: number[];
  private readonly unkScore: number;

  constructor(
    readonly pieces: readonly (readonly [string, number])[],
    readonly unkId: number,
    readonly byteFallback: boolean,
  ) {
    this.scores = pieces.map(([, s]) => s);
    let min = Infinity;
    pieces.forEach(([p, s], id) => {
      this.toId.set(p, id);
      this.trie.insert(p, id);
      if (s < min) min = s;
    });
    // tokenizers takes the minimum over every entry, specials (score 0) included.
    this.unkScore = min - UNK_PENALTY;
  }

  get vocabSize(): number {
    return this.pieces.length;
  }

  tokenToId(token: string): number | undefined {
    return this.toId.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.pieces[id]?.[0];
  }

  tokenize(piece: string): Token[] {
    if (piece.length === 0) return [];
    const hit = this.cache.get(piece);
    if (hit !== undefined) return hit;
    const chars = Array.from(piece);
    const path = viterbi(chars, this.trie, this.scores, this.unkId, this.unkScore);
    const out: Token[] = [];
    let unkFrom = -1;
    const flushUnk = (end: number): void => {
      if (unkFrom < 0) return;
      const value = chars.slice(unkFrom, end).join('');
      // tokenizers maps the fused string back through the vocab; it is never a piece, so <unk>.
      out.push(...this.unknown(value, unkFrom, end));
      unkFrom = -1;
    };
    for (const node of path) {
      if (node.id === this.unkId) {
        if (unkFrom < 0) unkFrom = node.start;
        continue;
      }
      flushUnk(node.start);
      out.push({ id: node.id, value: this.pieces[node.id]![0], start: node.start, end: node.end });
    }
    flushUnk(chars.length);
    this.cache.set(piece, out);
    return out;
  }

  private unknown(value: string, start: number, end: number): Token[] {
    const id = this.toId.get(value) ?? this.unkId;
    if (this.byteFallback && id === this.unkId) {
      const ids = Array.from(new TextEncoder().encode(value), (b) => this.toId.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
      if (ids.every((x) => x !== undefined)) return ids.map((x) => ({ id: x!, value: this.pieces[x!]![0], start, end }));
    }
    return [{ id, value: this.pieces[id]?.[0] ?? value, start, end }];
  }
}
