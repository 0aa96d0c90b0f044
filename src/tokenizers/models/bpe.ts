// BPE: start from single characters, repeatedly merge the adjacent pair
// with the lowest merge rank (leftmost first on ties) until no ranked pair remains. Results are
// cached per pre-token. Characters missing from the vocab become unk_token (fused when fuse_unk)
// or, without an unk_token, are dropped, as `tokenizers` does.
import { BoundedCache } from '../util/bounded_cache.js';
import type { Token, TokenizerModel } from './model.js';

export interface BpeOptions {
  unkToken: string | null;
  continuingSubwordPrefix: string;
  endOfWordSuffix: string;
  fuseUnk: boolean;
  byteFallback: boolean;
  ignoreMerges: boolean;
}

interface Symbol {
  value: string;
  start: number;
  end: number;
}

const SEP = '\u0000';

export class Bpe implements TokenizerModel {
  readonly type = 'BPE' as const;
  private readonly cache = new BoundedCache<Token[]>(10_000);
  /** `left\0right` -> rank. */
  readonly ranks: Map<string, number>;

  constructor(
    readonly vocab: Map<string, number>,
    readonly vocabR: Map<number, string>,
    merges: readonly (readonly [string, string])[],
    readonly options: BpeOptions,
  ) {
    this.ranks = new Map();
    merges.forEach(([a, b], rank) => {
      const key = a + SEP + b;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
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
    if (piece.length === 0) return [];
    const hit = this.cache.get(piece);
    if (hit !== undefined) return hit;
    const out = this.merge(piece);
    this.cache.set(piece, out);
    return out;
  }

  private merge(piece: string): Token[] {
    const o = this.options;
    const chars = Array.from(piece);
    if (o.ignoreMerges) {
      const id = this.vocab.get(piece);
      if (id !== undefined) return [{ id, value: piece, start: 0, end: chars.length }];
    }
    let symbols: Symbol[] = chars.map((c, k) => ({
      value: (k > 0 ? o.continuingSubwordPrefix : '') + c + (k === chars.length - 1 ? o.endOfWordSuffix : ''),
      start: k,
      end: k + 1,
    }));
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let k = 0; k + 1 < symbols.length; k++) {
        const r = this.ranks.get(symbols[k]!.value + SEP + symbols[k + 1]!.value);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = k;
        }
      }
      if (best < 0) break;
      const a = symbols[best]!.value;
      const b = symbols[best + 1]!.value;
      // Merge every non-overlapping occurrence of this pair, left to right.
      const next: Symbol[] = [];
      for (let k = 0; k < symbols.length; k++) {
        const s = symbols[k]!;
        const t = symbols[k + 1];
        if (t !== undefined && s.value === a && t.value === b) {
          next.push({ value: mergedValue(a, b, o.continuingSubwordPrefix), start: s.start, end: t.end });
          k++;
        } else next.push(s);
      }
      symbols = next;
      if (symbols.length === 1) break;
    }
    return this.toTokens(symbols);
  }

  private toTokens(symbols: readonly Symbol[]): Token[] {
    const o = this.options;
    const out: Token[] = [];
    let lastWasUnk = false;
    for (const s of symbols) {
      const id = this.vocab.get(s.value);
      if (id !== undefined) {
        out.push({ id, value: s.value, start: s.start, end: s.end });
        lastWasUnk = false;
        continue;
      }
      if (o.byteFallback) {
        const bytes = new TextEncoder().encode(s.value);
        const ids = Array.from(bytes, (b) => this.vocab.get(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`));
        if (ids.every((x) => x !== undefined)) {
          for (const x of ids) out.push({ id: x!, value: this.vocabR.get(x!)!, start: s.start, end: s.end });
          lastWasUnk = false;
          continue;
        }
      }
      if (o.unkToken === null) continue;
      const unkId = this.vocab.get(o.unkToken);
      if (unkId === undefined) continue;
      const prev = out[out.length - 1];
      if (o.fuseUnk && lastWasUnk && prev !== undefined) prev.end = s.end;
      else out.push({ id: unkId, value: o.unkToken, start: s.start, end: s.end });
      lastWasUnk = true;
    }
    return out;
  }
}

/** The merged symbol: a continuing prefix on the right part is dropped (tokenizers' Word::merge). */
function mergedValue(a: string, b: string, prefix: string): string {
  return prefix !== '' && b.startsWith(prefix) ? a + b.slice(prefix.length) : a + b;
}
