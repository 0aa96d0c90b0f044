// BPE: start from single characters, repeatedly merge the adjacent pair
// with the lowest merge rank (leftmost first on ties) until no ranked pair remains, with a heap
// as tokenizers does, so a long word costs n log n and not n². Results are
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
    // tokenizers' Word::merge_all: a heap of (rank, position) candidates over a linked list of
    // symbols; the lowest rank merges first, the leftmost on ties; a candidate whose pair has
    // changed since it was queued is skipped. O(n log n) in the word's length.
    const n = chars.length;
    const value: string[] = chars.map((c, k) => (k > 0 ? o.continuingSubwordPrefix : '') + c + (k === n - 1 ? o.endOfWordSuffix : ''));
    const start = new Int32Array(n);
    const end = new Int32Array(n);
    const prev = new Int32Array(n);
    const next = new Int32Array(n);
    const alive = new Uint8Array(n).fill(1);
    for (let k = 0; k < n; k++) {
      start[k] = k;
      end[k] = k + 1;
      prev[k] = k - 1;
      next[k] = k + 1 < n ? k + 1 : -1;
    }
    const heap = new MergeHeap();
    const rankAt = (k: number): number | undefined => (next[k]! < 0 ? undefined : this.ranks.get(value[k]! + SEP + value[next[k]!]!));
    for (let k = 0; k + 1 < n; k++) {
      const r = rankAt(k);
      if (r !== undefined) heap.push(r, k);
    }
    while (heap.size > 0) {
      const [rank, pos] = heap.pop();
      if (alive[pos] === 0 || next[pos]! < 0 || rankAt(pos) !== rank) continue; // stale
      const right = next[pos]!;
      value[pos] = mergedValue(value[pos]!, value[right]!, o.continuingSubwordPrefix);
      end[pos] = end[right]!;
      alive[right] = 0;
      next[pos] = next[right]!;
      if (next[pos]! >= 0) prev[next[pos]!] = pos;
      if (prev[pos]! >= 0) {
        const r = rankAt(prev[pos]!);
        if (r !== undefined) heap.push(r, prev[pos]!);
      }
      const r = rankAt(pos);
      if (r !== undefined) heap.push(r, pos);
    }
    const symbols: Symbol[] = [];
    for (let k = 0; k >= 0 && k < n; k = next[k]!) symbols.push({ value: value[k]!, start: start[k]!, end: end[k]! });
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

/** A binary min-heap of merge candidates ordered by (rank, position). */
class MergeHeap {
  private readonly ranks: number[] = [];
  private readonly positions: number[] = [];

  get size(): number {
    return this.ranks.length;
  }

  private less(i: number, j: number): boolean {
    const a = this.ranks[i]!;
    const b = this.ranks[j]!;
    return a < b || (a === b && this.positions[i]! < this.positions[j]!);
  }

  private swap(i: number, j: number): void {
    [this.ranks[i], this.ranks[j]] = [this.ranks[j]!, this.ranks[i]!];
    [this.positions[i], this.positions[j]] = [this.positions[j]!, this.positions[i]!];
  }

  push(rank: number, pos: number): void {
    this.ranks.push(rank);
    this.positions.push(pos);
    let i = this.ranks.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): [number, number] {
    const top: [number, number] = [this.ranks[0]!, this.positions[0]!];
    const lastRank = this.ranks.pop()!;
    const lastPos = this.positions.pop()!;
    if (this.ranks.length > 0) {
      this.ranks[0] = lastRank;
      this.positions[0] = lastPos;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.ranks.length && this.less(l, m)) m = l;
        if (r < this.ranks.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
