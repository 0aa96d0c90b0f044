// NFC / NFD / NFKC / NFKD via String.prototype.normalize, applied per chunk (a starter and the
// marks after it) so each output code point keeps the original span of its chunk. If chunking
// ever disagrees with normalizing the whole string, the whole-string result wins.
import { NormalizedString } from '../util/normalized_string.js';

export type Form = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

const ASCII = /^[\x00-\x7f]*$/;
// Code points that can combine with what precedes them: marks and Hangul medial/final jamo.
const COMBINING = /^[\p{M}\u1161-\u1175\u11a8-\u11c2]$/u;

export function normalizeForm(s: NormalizedString, form: Form): NormalizedString {
  const text = s.text;
  if (ASCII.test(text)) return s;
  const whole = text.normalize(form);
  if (whole === text) return s;
  const edits: [number, number, string][] = [];
  let out = '';
  let i = 0;
  while (i < s.length) {
    let j = i + 1;
    while (j < s.length && COMBINING.test(s.chars[j]!)) j++;
    const chunk = s.chars.slice(i, j).join('');
    const norm = chunk.normalize(form);
    if (norm !== chunk) edits.push([i, j, norm]);
    out += norm;
    i = j;
  }
  if (out !== whole) return s.edit([[0, s.length, whole]]);
  return s.edit(edits);
}
