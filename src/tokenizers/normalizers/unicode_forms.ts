// NFC / NFD / NFKC / NFKD via String.prototype.normalize, keeping tokenizers' alignments:
// decompositions map code point by code point (the first output replaces it, the rest are
// inserted); when canonical reordering or composition makes that impossible, each chunk (a
// starter and the marks after it) is rewritten as a whole.
import type { NormalizedString } from '../util/normalized_string.js';

export type Form = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

const ASCII = /^[\x00-\x7f]*$/;
// Code points that can combine with what precedes them: marks and Hangul medial/final jamo.
const COMBINING = /^[\p{M}\u1161-\u1175\u11a8-\u11c2]$/u;

export function normalizeForm(s: NormalizedString, form: Form): NormalizedString {
  const text = s.text;
  if (ASCII.test(text)) return s;
  const whole = text.normalize(form);
  if (whole === text) return s;
  if (form === 'NFD' || form === 'NFKD') {
    const dest: [string, number][] = [];
    let joined = '';
    for (const c of s.chars) {
      const d = c.normalize(form);
      joined += d;
      let first = true;
      for (const x of d) {
        dest.push([x, first ? 0 : 1]);
        first = false;
      }
    }
    if (joined === whole) return s.transform(dest);
  }
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
