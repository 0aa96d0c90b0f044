// The small per-token decoders: Replace, Strip, Fuse, ByteFallback.
import type { Decoder } from './decoder.js';

export function replaceDecoder(re: RegExp, content: string): Decoder {
  return (tokens) => tokens.map((t) => t.replace(re, content));
}

/** Removes `start` leading and `stop` trailing occurrences of the one-character `content`. */
export function stripDecoder(content: string, start: number, stop: number): Decoder {
  return (tokens) =>
    tokens.map((t) => {
      const cs = Array.from(t);
      let a = 0;
      let b = cs.length;
      while (a < start && a < b && cs[a] === content) a++;
      while (cs.length - b < stop && b > a && cs[b - 1] === content) b--;
      return cs.slice(a, b).join('');
    });
}

export const fuseDecoder: Decoder = (tokens) => [tokens.join('')];

const BYTE = /^<0x([0-9A-Fa-f]{2})>$/;

/** Runs of <0xXX> tokens become the UTF-8 text of those bytes (invalid -> one U+FFFD per byte). */
export const byteFallbackDecoder: Decoder = (tokens) => {
  const out: string[] = [];
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    try {
      out.push(new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)));
    } catch {
      out.push(...bytes.map(() => '\uFFFD'));
    }
    bytes = [];
  };
  for (const t of tokens) {
    const m = BYTE.exec(t);
    if (m !== null) bytes.push(parseInt(m[1]!, 16));
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
};
