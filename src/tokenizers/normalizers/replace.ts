// Replace: every match of a literal string or an (Oniguruma) regex becomes `content`; as in
// tokenizers, the new code points all take the span of the last matched code point.
import { NormalizedString } from '../util/normalized_string.js';
import type { Normalizer } from './normalizer.js';

/** `re` must be global; matches are taken left to right without overlap, empty matches skipped. */
export function replace(re: RegExp, content: string): Normalizer {
  const added = Array.from(content);
  return (s: NormalizedString) => {
    const text = s.text;
    re.lastIndex = 0;
    let b: number[] | undefined;
    const out = new NormalizedString([], [], []);
    let at = 0;
    let changed = false;
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      b ??= s.utf16Boundaries();
      const i = NormalizedString.charIndex(b, m.index);
      const j = NormalizedString.charIndex(b, m.index + m[0].length);
      for (; at < i; at++) keep(out, s, at);
      for (const c of added) {
        out.chars.push(c);
        out.starts.push(s.starts[j - 1]!);
        out.ends.push(s.ends[j - 1]!);
      }
      at = j;
      changed = true;
    }
    if (!changed) return s;
    for (; at < s.length; at++) keep(out, s, at);
    return out;
  };
}

function keep(out: NormalizedString, s: NormalizedString, k: number): void {
  out.chars.push(s.chars[k]!);
  out.starts.push(s.starts[k]!);
  out.ends.push(s.ends[k]!);
}
