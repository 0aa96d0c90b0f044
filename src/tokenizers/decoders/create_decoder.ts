// decoder section of tokenizer.json -> Decoder (used by decode only, never by encode).
import { TokenizerError } from '../../errors.js';
import { asObject, arr, int, pattern, str, typeOf, unknownType } from '../util/json_fields.js';
import { compilePattern, escapeRegExp } from '../util/regex.js';
import { bpeDecoder } from './bpe.js';
import { byteLevelDecoder } from './byte_level.js';
import type { Decoder } from './decoder.js';
import { metaspaceDecoder } from './metaspace.js';
import { byteFallbackDecoder, fuseDecoder, replaceDecoder, stripDecoder } from './simple.js';
import { wordPieceDecoder } from './word_piece.js';

const KNOWN = ['WordPiece', 'ByteLevel', 'Metaspace', 'BPEDecoder', 'Replace', 'Strip', 'Fuse', 'ByteFallback', 'Sequence'];

/** Without a decoder, tokens are joined with spaces (tokenizers' default). */
const spaces: Decoder = (tokens) => [tokens.join(' ')];

export function createDecoder(json: unknown, file: string, at = 'decoder'): Decoder {
  if (json === null || json === undefined) return spaces;
  const type = typeOf(json, file, at);
  const o = asObject(json, file, at);
  switch (type) {
    case 'WordPiece':
      return wordPieceDecoder(str(o, 'prefix', file, at, '##'), o['cleanup'] !== false);
    case 'ByteLevel':
      return byteLevelDecoder;
    case 'Metaspace': {
      const scheme = o['prepend_scheme'] ?? (o['add_prefix_space'] === false ? 'never' : 'always');
      if (scheme !== 'always' && scheme !== 'first' && scheme !== 'never') {
        throw new TokenizerError(file, `${at}.prepend_scheme`, `expected "always", "first" or "never", found ${JSON.stringify(scheme)}`);
      }
      return metaspaceDecoder(str(o, 'replacement', file, at, '\u2581'), scheme);
    }
    case 'BPEDecoder':
      return bpeDecoder(str(o, 'suffix', file, at, '</w>'));
    case 'Replace': {
      const p = pattern(o, 'pattern', file, at);
      const re = 'String' in p ? new RegExp(escapeRegExp(p.String), 'gu') : compilePattern(p.Regex, (d) => new TokenizerError(file, `${at}.pattern`, d));
      return replaceDecoder(re, str(o, 'content', file, at));
    }
    case 'Strip':
      return stripDecoder(str(o, 'content', file, at), int(o, 'start', file, at, 0), int(o, 'stop', file, at, 0));
    case 'Fuse':
      return fuseDecoder;
    case 'ByteFallback':
      return byteFallbackDecoder;
    case 'Sequence': {
      const steps = arr(o, 'decoders', file, at).map((d, i) => createDecoder(d, file, `${at}.decoders[${i}]`));
      return (tokens) => steps.reduce((acc, step) => step(acc), tokens);
    }
    default:
      throw unknownType(file, at, type, KNOWN);
  }
}
