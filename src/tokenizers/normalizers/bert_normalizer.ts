// `tokenizers` BertNormalizer: clean text, space CJK ideographs, strip accents,
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

const ASCII = /^[\x00-\x7f]*$/;

export function bertNormalizer(o: BertNormalizerOptions): Normalizer {
  const strip = o.strip_accents ?? o.lowercase;
  // Per-code-point steps compose into one pass (each output keeps its source's span either way).
  const clean = (c: string): string => {
    const d = o.clean_text ? cleanChar(c) : c;
    return o.handle_chinese_chars && d !== '' ? spaceChinese(d) : d;
  };
  const cleanLower = (c: string): string => {
    const d = clean(c);
    return d.length === 1 ? d.toLowerCase() : d;
  };
  return (s: NormalizedString) => {
    // ASCII text has nothing to strip, so lowercasing joins the same pass.
    if (o.lowercase && ASCII.test(s.text)) return s.mapChars(cleanLower);
    if (o.clean_text || o.handle_chinese_chars) s = s.mapChars(clean);
    if (strip) s = stripAccents(s);
    if (o.lowercase) s = lowercase(s);
    return s;
  };
}

