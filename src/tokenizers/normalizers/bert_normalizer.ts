// `tokenizers` BertNormalizer (FORMATS.md §3.1.2): clean text, space CJK ideographs, strip accents,
// lowercase per code point, in that order, on the whole string.
import type { NormalizedString } from '../util/normalized_string.js';
import { isChineseChar, isControl, isWhitespace } from '../util/unicode.js';
import type { Normalizer } from './normalizer.js';
import { stripAccents } from './strip_accents.js';
import { lowercase } from './lowercase.js';

export interface BertNormalizerOptions {
  clean_text: boolean;
  handle_chinese_chars: boolean;
  /** null: follow `lowercase` (the BERT convention). */
  strip_accents: boolean | null;
  lowercase: boolean;
}

function cleanChar(c: string): string {
  if (isControl(c)) return '';
  return isWhitespace(c) ? ' ' : c;
}

function spaceChinese(c: string): string {
  return isChineseChar(c.codePointAt(0)!) ? ` ${c} ` : c;
}

export function bertNormalizer(o: BertNormalizerOptions): Normalizer {
  const strip = o.strip_accents ?? o.lowercase;
  return (s: NormalizedString) => {
    if (o.clean_text) s = s.mapChars(cleanChar);
    if (o.handle_chinese_chars) s = s.mapChars(spaceChinese);
    if (strip) s = stripAccents(s);
    if (o.lowercase) s = lowercase(s);
    return s;
  };
}

