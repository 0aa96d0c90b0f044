// Metaspace decoder: '▁' -> ' ', dropping the space the pre-tokenizer prepended to the first token.
import type { Decoder } from './decoder.js';

export function metaspaceDecoder(replacement: string, prependScheme: 'always' | 'first' | 'never'): Decoder {
  return (tokens) =>
    tokens.map((t, i) => {
      const s = t.replaceAll(replacement, ' ');
      return i === 0 && prependScheme !== 'never' && s.startsWith(' ') ? s.slice(1) : s;
    });
}
