// BPEDecoder: an end-of-word suffix becomes a space (none after the last token).
import type { Decoder } from './decoder.js';

export function bpeDecoder(suffix: string): Decoder {
  return (tokens) => tokens.map((t, i) => t.replaceAll(suffix, i === tokens.length - 1 ? '' : ' '));
}
