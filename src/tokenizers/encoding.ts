// The result of encoding one input (or pair), and the pure operations on it: truncate, concat, pad.

export interface Encoding {
  ids: number[];
  tokens: string[];
  attention_mask: number[];
  type_ids: number[];
  /** [start, end) in UTF-16 units of the input text (the pair's own text for its tokens); [0, 0] for added specials. */
  offsets: [number, number][];
  /** 1 where the post-processor added a special token. */
  special_tokens_mask: number[];
}

export function emptyEncoding(): Encoding {
  return { ids: [], tokens: [], attention_mask: [], type_ids: [], offsets: [], special_tokens_mask: [] };
}

/** Keeps the first (direction 'Right') or last (direction 'Left') `n` tokens. */
export function truncateEncoding(e: Encoding, n: number, direction: 'Left' | 'Right' = 'Right'): Encoding {
  if (e.ids.length <= n) return e;
  const [a, b] = direction === 'Right' ? [0, n] : [e.ids.length - n, e.ids.length];
  return {
    ids: e.ids.slice(a, b),
    tokens: e.tokens.slice(a, b),
    attention_mask: e.attention_mask.slice(a, b),
    type_ids: e.type_ids.slice(a, b),
    offsets: e.offsets.slice(a, b),
    special_tokens_mask: e.special_tokens_mask.slice(a, b),
  };
}

/** The token counts kept for a pair under tokenizers' LongestFirst rule. */
export function longestFirstLengths(n1: number, n2: number, maxLength: number): [number, number] {
  if (n1 + n2 <= maxLength) return [n1, n2];
  const swap = n1 > n2;
  let [short, long] = swap ? [n2, n1] : [n1, n2];
  long = short > maxLength ? short : Math.max(short, maxLength - short);
  if (short + long > maxLength) {
    short = Math.floor(maxLength / 2);
    long = short + (maxLength % 2);
  }
  return swap ? [long, short] : [short, long];
}

/** Appends `b` to `a` (both unchanged). */
export function concatEncodings(a: Encoding, b: Encoding): Encoding {
  return {
    ids: [...a.ids, ...b.ids],
    tokens: [...a.tokens, ...b.tokens],
    attention_mask: [...a.attention_mask, ...b.attention_mask],
    type_ids: [...a.type_ids, ...b.type_ids],
    offsets: [...a.offsets, ...b.offsets],
    special_tokens_mask: [...a.special_tokens_mask, ...b.special_tokens_mask],
  };
}

export interface PadOptions {
  length: number;
  padId: number;
  padTypeId: number;
  padToken: string;
  direction: 'Left' | 'Right';
}

/** Pads to `length` with attention 0 and the pad id / type id. */
export function padEncoding(e: Encoding, o: PadOptions): Encoding {
  const n = o.length - e.ids.length;
  if (n <= 0) return e;
  const fill = <T>(v: T): T[] => new Array<T>(n).fill(v);
  const join = <T>(x: T[], pad: T[]): T[] => (o.direction === 'Right' ? [...x, ...pad] : [...pad, ...x]);
  return {
    ids: join(e.ids, fill(o.padId)),
    tokens: join(e.tokens, fill(o.padToken)),
    attention_mask: join(e.attention_mask, fill(0)),
    type_ids: join(e.type_ids, fill(o.padTypeId)),
    offsets: join(e.offsets, Array.from({ length: n }, (): [number, number] => [0, 0])),
    special_tokens_mask: join(e.special_tokens_mask, fill(1)),
  };
}
