// Character classes used by the stages, written to match the Rust `tokenizers` crate (the fast
// tokenizer that sentence-transformers loads), not Python's slow tokenizer.
// Punctuation, control and combining-mark sets come from tables probed out of the reference
// (unicode_tables.ts): its Unicode data is older than any JS engine's, so \p{P} would disagree
// on characters added since (e.g. U+2E45 is punctuation to JS but not to the reference).
import { CLEANED_AWAY, PUNCTUATION, STRIPPED_MARKS } from './unicode_tables.js';

const WHITESPACE_RE = /^\p{White_Space}$/u;
const ALNUM_RE = /^[\p{Alphabetic}\p{N}]$/u;

/** Rust `char::is_whitespace` = Unicode White_Space (JS `\s` differs on U+0085 and U+FEFF). */
export function isWhitespace(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d)) return true;
  if (cp < 0x80) return false;
  return WHITESPACE_RE.test(c);
}

/** Whether `cp` lies in one of the flat [first, last, ...] ranges (binary search). */
export function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]!) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Deleted by BertNormalizer's clean_text: U+0000, U+FFFD and the crate's Cc/Cf/Co (not \t\n\r). */
export function isControl(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return false;
  return inRanges(CLEANED_AWAY, cp);
}

/** `char::is_ascii_punctuation() || is_punctuation()` (any P* category). */
export function isPunctuation(c: string): boolean {
  const cp = c.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
  if (cp < 0x80) return false;
  return inRanges(PUNCTUATION, cp);
}

/** Combining marks removed by strip_accents after NFD (the reference's table). */
export function isMn(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp >= 0x300 && inRanges(STRIPPED_MARKS, cp);
}

/** Rust `char::is_alphanumeric` (Alphabetic or Numeric); used by `single_word` added tokens. */
export function isWordChar(c: string): boolean {
  return c === '_' || ALNUM_RE.test(c);
}

/** The CJK ranges of the fast BertNormalizer (`handle_chinese_chars`); note 2B920, not 2B820. */
export function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Code points of `s` (never UTF-16 units: the reference's offsets and alignments count code points). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Rust `char::to_lowercase` per code point: full mappings (İ -> i̇) but no Final-Sigma context. */
export function lowercaseChar(c: string): string {
  return c.toLowerCase();
}
