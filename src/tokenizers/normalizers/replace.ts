// Replace: every match of a literal string or an (Oniguruma) regex becomes `content`.
import { NormalizedString } from '../util/normalized_string.js';
import type { Normalizer } from './normalizer.js';

/** `re` must be global; matches are taken left to right without overlap, empty matches skipped. */
export function replace(re: RegExp, content: string): Normalizer {
  return (s: NormalizedString) => {
    const text = s.text;
    re.lastIndex = 0;
    let b: number[] | undefined;
    const edits: [number, number, string][] = [];
    for (const m of text.matchAll(re)) {
      if (m[0].length === 0) continue;
      b ??= s.utf16Boundaries();
      const i = NormalizedString.charIndex(b, m.index);
      const j = NormalizedString.charIndex(b, m.index + m[0].length);
      edits.push([i, j, content]);
    }
    return s.edit(edits);
  };
}
