// Precompiled: Hugging Face's reading of a SentencePiece charsmap (spm_precompiled), which walks
// grapheme clusters: a cluster under 6 UTF-8 bytes is replaced whole by the first (shortest)
// prefix match; otherwise each code point is looked up on its own.
import type { NormalizedString } from '../util/normalized_string.js';
import type { PrecompiledCharsmap } from '../util/precompiled_charsmap.js';
import { BoundedCache } from '../util/bounded_cache.js';
import type { Normalizer } from './normalizer.js';

/** How one grapheme changes: replaced whole, or code point by code point (null: unchanged). */
type Rewrite = { whole: string } | { parts: (string | null)[] } | null;

export function precompiled(map: PrecompiledCharsmap): Normalizer {
  const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });
  // Per-instance memo of cluster -> rewrite; text has few distinct clusters.
  const memo = new BoundedCache<Rewrite>(20_000);
  const rewrite = (g: string): Rewrite => {
    const hit = memo.get(g);
    if (hit !== undefined) return hit;
    let out: Rewrite = null;
    const whole = utf8Length(g) < 6 ? map.transform(g) : null;
    if (whole !== null) out = whole === g ? null : { whole };
    else {
      const parts = Array.from(g, (c) => map.transform(c));
      if (parts.some((p) => p !== null)) out = { parts };
    }
    memo.set(g, out);
    return out;
  };
  return (s: NormalizedString) => {
    const text = s.text;
    const edits: [number, number, string][] = [];
    let i = 0;
    // ASCII text: every grapheme is one code point except CR LF, so skip Intl.Segmenter.
    const graphemes = ASCII.test(text) ? asciiGraphemes(text) : chunkedGraphemes(segmenter, text);
    for (const segment of graphemes) {
      const n = countCodePoints(segment);
      const r = rewrite(segment);
      if (r !== null && 'whole' in r) edits.push([i, i + n, r.whole]);
      else if (r !== null) {
        // Each code point is its own replacement, so alignments follow code point by code point.
        r.parts.forEach((p, k) => {
          if (p !== null) edits.push([i + k, i + k + 1, p]);
        });
      }
      i += n;
    }
    return s.edit(edits);
  };
}

const ASCII = /^[\x00-\x7f]*$/;

/** Code units segmented per Intl.Segmenter call (doubled while one cluster fills a whole chunk). */
const SEGMENT_CHUNK = 1024;

/**
 * Grapheme clusters of `text`, segmented a chunk at a time: V8's segmenter costs time in the length
 * of its whole input for each cluster it returns, so one call over a long text is quadratic. A
 * chunk's last cluster may run on past the chunk, so it is dropped and the next chunk starts at
 * it; the clusters before it are those of the whole text, as a grapheme boundary depends only on
 * the text before it and the one character after it (UAX #29).
 */
function chunkedGraphemes(segmenter: Intl.Segmenter, text: string): string[] {
  const out: string[] = [];
  let at = 0;
  let size = SEGMENT_CHUNK;
  while (at < text.length) {
    const end = at + size;
    if (end >= text.length) {
      for (const x of segmenter.segment(text.slice(at))) out.push(x.segment);
      break;
    }
    const parts = Array.from(segmenter.segment(text.slice(at, end)), (x) => x.segment);
    if (parts.length < 2) {
      size *= 2; // one cluster longer than the chunk (e.g. thousands of combining marks)
      continue;
    }
    parts.pop();
    for (const p of parts) {
      out.push(p);
      at += p.length;
    }
    size = SEGMENT_CHUNK;
  }
  return out;
}

function asciiGraphemes(text: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\r' && text[k + 1] === '\n') {
      out.push('\r\n');
      k++;
    } else out.push(text[k]!);
  }
  return out;
}

/** UTF-8 byte length without encoding (cluster length test of spm_precompiled). */
function utf8Length(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      k++;
    } else n += 3;
  }
  return n;
}

function countCodePoints(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

