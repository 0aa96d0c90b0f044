// pre_tokenizer section of tokenizer.json -> PreTokenizer. Cases are tokenizer.json's type names.
import { TokenizerError } from '../../errors.js';
import type { SplitBehavior } from '../tokenizer_json.js';
import { asObject, arr, bool, pattern, str, typeOf, unknownType, type Obj } from '../util/json_fields.js';
import { compilePattern, escapeRegExp } from '../util/regex.js';
import { bertPreTokenizer } from './bert_pre_tokenizer.js';
import { byteLevel } from './byte_level.js';
import { digits } from './digits.js';
import { metaspace, type PrependScheme } from './metaspace.js';
import type { PreTokenizer } from './pre_tokenizer.js';
import { punctuation } from './punctuation.js';
import { split } from './split.js';
import { whitespace } from './whitespace.js';
import { whitespaceSplit } from './whitespace_split.js';

const KNOWN = ['BertPreTokenizer', 'ByteLevel', 'Metaspace', 'Whitespace', 'WhitespaceSplit', 'Split', 'Punctuation', 'Digits', 'Sequence'];
const BEHAVIORS: readonly SplitBehavior[] = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'];

export function createPreTokenizer(json: unknown, file: string, at = 'pre_tokenizer'): PreTokenizer {
  if (json === null || json === undefined) return (pieces) => pieces;
  const type = typeOf(json, file, at);
  const o = asObject(json, file, at);
  switch (type) {
    case 'BertPreTokenizer':
      return bertPreTokenizer;
    case 'Whitespace':
      return whitespace();
    case 'WhitespaceSplit':
      return whitespaceSplit;
    case 'ByteLevel':
      return byteLevel(bool(o, 'add_prefix_space', file, at, true), bool(o, 'use_regex', file, at, true));
    case 'Metaspace': {
      const replacement = str(o, 'replacement', file, at, '\u2581');
      if (Array.from(replacement).length !== 1) throw new TokenizerError(file, `${at}.replacement`, `must be one character, found ${JSON.stringify(replacement)}`);
      return metaspace(replacement, prependScheme(o, file, at), bool(o, 'split', file, at, true));
    }
    case 'Split': {
      const p = pattern(o, 'pattern', file, at);
      const re = 'String' in p
        ? new RegExp(escapeRegExp(p.String), 'gu')
        : compilePattern(p.Regex, (d) => new TokenizerError(file, `${at}.pattern`, d));
      return split(re, behavior(o, file, at, undefined), bool(o, 'invert', file, at, false));
    }
    case 'Punctuation':
      return punctuation(behavior(o, file, at, 'Isolated'));
    case 'Digits':
      return digits(bool(o, 'individual_digits', file, at, false));
    case 'Sequence': {
      const steps = arr(o, 'pretokenizers', file, at).map((p, i) => createPreTokenizer(p, file, `${at}.pretokenizers[${i}]`));
      return (pieces) => steps.reduce((acc, step) => step(acc), pieces);
    }
    default:
      throw unknownType(file, at, type, KNOWN);
  }
}

function prependScheme(o: Obj, file: string, at: string): PrependScheme {
  const v = o['prepend_scheme'];
  if (v === undefined || v === null) {
    // Files written before prepend_scheme existed carry add_prefix_space instead.
    return bool(o, 'add_prefix_space', file, at, true) ? 'always' : 'never';
  }
  if (v === 'always' || v === 'first' || v === 'never') return v;
  throw new TokenizerError(file, `${at}.prepend_scheme`, `expected "always", "first" or "never", found ${JSON.stringify(v)}`);
}

function behavior(o: Obj, file: string, at: string, fallback: SplitBehavior | undefined): SplitBehavior {
  const v = o['behavior'];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v === 'string' && (BEHAVIORS as readonly string[]).includes(v)) return v as SplitBehavior;
  throw new TokenizerError(file, `${at}.behavior`, `expected one of ${BEHAVIORS.join(', ')}, found ${JSON.stringify(v)}`);
}
