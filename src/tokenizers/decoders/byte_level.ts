// ByteLevel decoder: byte-level characters back to bytes, then UTF-8 (invalid -> U+FFFD).
import { byteLevelDecode } from '../util/byte_level_alphabet.js';
import type { Decoder } from './decoder.js';

export const byteLevelDecoder: Decoder = (tokens) => [byteLevelDecode(tokens.join(''))];
