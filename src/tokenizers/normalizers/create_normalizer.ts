// normalizer section of tokenizer.json -> Normalizer. Cases are exactly tokenizer.json's type names.
import { TokenizerError } from '../../errors.js';
import { NormalizedString } from '../util/normalized_string.js';
import { asObject, arr, bool, pattern, str, typeOf, unknownType } from '../util/json_fields.js';
import { base64Bytes, PrecompiledCharsmap } from '../util/precompiled_charsmap.js';
import { compilePattern, escapeRegExp } from '../util/regex.js';
import { bertNormalizer } from './bert_normalizer.js';
import { lowercase } from './lowercase.js';
import type { Normalizer } from './normalizer.js';
import { precompiled } from './precompiled.js';
import { prepend } from './prepend.js';
import { replace } from './replace.js';
import { strip } from './strip.js';
import { stripMarks } from './strip_accents.js';
import { normalizeForm } from './unicode_forms.js';

const KNOWN = ['BertNormalizer', 'Lowercase', 'NFC', 'NFD', 'NFKC', 'NFKD', 'StripAccents', 'Strip', 'Replace', 'Prepend', 'Precompiled', 'Sequence'];

const identity: Normalizer = (s) => s;

export function createNormalizer(json: unknown, file: string, at = 'normalizer'): Normalizer {
  if (json === null || json === undefined) return identity;
  const type = typeOf(json, file, at);
  const o = asObject(json, file, at);
  switch (type) {
    case 'BertNormalizer': {
      const sa = o['strip_accents'];
      if (sa !== undefined && sa !== null && typeof sa !== 'boolean') {
        throw new TokenizerError(file, `${at}.strip_accents`, `expected true, false or null, found ${JSON.stringify(sa)}`);
      }
      return bertNormalizer({
        clean_text: bool(o, 'clean_text', file, at, true),
        handle_chinese_chars: bool(o, 'handle_chinese_chars', file, at, true),
        strip_accents: sa ?? null,
        lowercase: bool(o, 'lowercase', file, at, true),
      });
    }
    case 'Lowercase':
      return lowercase;
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return (s) => normalizeForm(s, type);
    case 'StripAccents':
      return stripMarks;
    case 'Strip':
      return strip(bool(o, 'strip_left', file, at, bool(o, 'left', file, at, true)), bool(o, 'strip_right', file, at, bool(o, 'right', file, at, true)));
    case 'Replace': {
      const p = pattern(o, 'pattern', file, at);
      const content = str(o, 'content', file, at);
      const onError = (d: string): Error => new TokenizerError(file, `${at}.pattern`, d);
      const re = 'String' in p ? new RegExp(escapeRegExp(p.String), 'gu') : compilePattern(p.Regex, onError);
      return replace(re, content);
    }
    case 'Prepend':
      return prepend(str(o, 'prepend', file, at));
    case 'Precompiled': {
      const b64 = o['precompiled_charsmap'];
      if (b64 === null) return identity; // tokenizers accepts an empty charsmap as a no-op
      if (typeof b64 !== 'string') throw new TokenizerError(file, `${at}.precompiled_charsmap`, 'expected a base64 string');
      let bytes: Uint8Array;
      try {
        bytes = base64Bytes(b64);
      } catch {
        throw new TokenizerError(file, `${at}.precompiled_charsmap`, 'is not valid base64');
      }
      if (bytes.length === 0) return identity;
      return precompiled(new PrecompiledCharsmap(bytes, (d) => new TokenizerError(file, `${at}.precompiled_charsmap`, d)));
    }
    case 'Sequence': {
      const steps = arr(o, 'normalizers', file, at).map((n, i) => createNormalizer(n, file, `${at}.normalizers[${i}]`));
      return (s: NormalizedString) => steps.reduce((acc, step) => step(acc), s);
    }
    default:
      throw unknownType(file, at, type, KNOWN);
  }
}
