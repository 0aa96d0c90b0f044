// Precompiled: Hugging Face's reading of a SentencePiece charsmap (spm_precompiled), which walks
// grapheme clusters: a cluster under 6 UTF-8 bytes is replaced whole by the first (shortest)
// prefix match; otherwise each code point is looked up on its own (FORMATS.md §3.4.3).
import type { NormalizedString } from '../util/normalized_string.js';
import type { PrecompiledCharsmap } from '../util/precompiled_charsmap.js';
import { LruCache } from '../util/lru_cache.js';
import type { Normalizer } from './normalizer.js';

const encoder = new TextEncoder();

export function precompiled(map: PrecompiledCharsmap): Normalizer {
  const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
  // Per-instance memo of cluster -> replacement (null: unchanged); text has few distinct clusters.
  const memo = new LruCache<string | null>(20_000);
  const rewrite = (g: string): string | null => {
    const hit = memo.get(g);
    if (hit !== undefined) return hit;
    let out: string | null = null;
    if (encoder.encode(g).length < 6) out = map.transform(g);
    if (out === null) {
      let changed = false;
      let acc = '';
      for (const c of g) {
        const r = map.transform(c);
        if (r !== null) changed = true;
        acc += r ?? c;
      }
      out = changed ? acc : null;
    }
    memo.set(g, out);
    return out;
  };
  return (s: NormalizedString) => {
    const text = s.text;
    const edits: [number, number, string][] = [];
    let i = 0;
    for (const { segment } of segmenter.segment(text)) {
      const n = countCodePoints(segment);
      const r = rewrite(segment);
      if (r !== null && r !== segment) edits.push([i, i + n, r]);
      i += n;
    }
    return s.edit(edits);
  };
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

