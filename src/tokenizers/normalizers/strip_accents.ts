// strip_accents: NFD, then delete nonspacing marks (Mn). The decompositions come from the
// reference's own table (util/unicode_tables.ts, probed code point by code point), because JS
// engines carry newer Unicode data and would decompose characters the reference leaves alone
// (e.g. U+105C9, U+11938). Hangul syllables decompose algorithmically, identically everywhere.
import type { NormalizedString } from '../util/normalized_string.js';
import { STRIP_ACCENTS } from '../util/unicode_tables.js';
import { isMn } from '../util/unicode.js';

let table: Map<number, string> | undefined;

function stripTable(): Map<number, string> {
  if (table === undefined) {
    table = new Map();
    for (const entry of STRIP_ACCENTS.split('|')) {
      const k = entry.indexOf(':');
      table.set(parseInt(entry.slice(0, k), 16), entry.slice(k + 1));
    }
  }
  return table;
}

function stripChar(c: string): string {
  const cp = c.codePointAt(0)!;
  if (cp < 0xc0) return c; // nothing below U+00C0 decomposes or is a mark
  if (isMn(c)) return '';
  if (cp >= 0xac00 && cp <= 0xd7a3) return c.normalize('NFD');
  return stripTable().get(cp) ?? c;
}

/** BertNormalizer's strip_accents: each code point to its decomposition without marks. */
export function stripAccents(s: NormalizedString): NormalizedString {
  return s.mapChars(stripChar);
}

/** The StripAccents normalizer: delete Mn only (it follows an NFD normalizer in a Sequence). */
export function stripMarks(s: NormalizedString): NormalizedString {
  return s.mapChars((c) => (isMn(c) ? '' : c));
}
