// `tokenizers` NormalizedString::split: a list of (range, isMatch) covering the text, folded by
// the SplitDelimiterBehavior, then empty and removed ranges dropped.
import type { SplitBehavior } from '../tokenizer_json.js';
import { NormalizedString } from '../util/normalized_string.js';

/** [from, to, isMatch] in code-point indices, covering [0, n) in order. */
export type Span = [number, number, boolean];

/** Each code point for which `pred` holds is its own match. */
export function charMatches(s: NormalizedString, pred: (c: string) => boolean): Span[] {
  const spans: Span[] = [];
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    if (!pred(s.chars[i]!)) continue;
    if (last < i) spans.push([last, i, false]);
    spans.push([i, i + 1, true]);
    last = i + 1;
  }
  if (last < s.length) spans.push([last, s.length, false]);
  return spans;
}

/** Every match of a global regex over `s.text`. */
export function regexMatches(s: NormalizedString, re: RegExp): Span[] {
  const text = s.text;
  const spans: Span[] = [];
  let b: number[] | undefined;
  let last = 0;
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    b ??= s.utf16Boundaries();
    const i = NormalizedString.charIndex(b, m.index);
    const j = NormalizedString.charIndex(b, m.index + m[0].length);
    if (last < i) spans.push([last, i, false]);
    spans.push([i, j, true]);
    last = j;
  }
  if (last < s.length) spans.push([last, s.length, false]);
  if (spans.length === 0) spans.push([0, s.length, false]);
  return spans;
}

export function splitBy(s: NormalizedString, spans: Span[], behavior: SplitBehavior): NormalizedString[] {
  let kept: [number, number, boolean][]; // [from, to, remove]
  switch (behavior) {
    case 'Removed':
      kept = spans;
      break;
    case 'Isolated':
      kept = spans.map(([a, b]) => [a, b, false]);
      break;
    case 'Contiguous':
    case 'MergedWithPrevious': {
      kept = [];
      let prev = false;
      for (const [a, b, m] of spans) {
        const merge = behavior === 'Contiguous' ? m === prev : m && !prev;
        const last = kept[kept.length - 1];
        if (merge && last !== undefined) last[1] = b;
        else kept.push([a, b, false]);
        prev = m;
      }
      break;
    }
    case 'MergedWithNext': {
      kept = [];
      let prev = false;
      for (let k = spans.length - 1; k >= 0; k--) {
        const [a, b, m] = spans[k]!;
        const last = kept[kept.length - 1];
        if (m && !prev && last !== undefined) last[0] = a;
        else kept.push([a, b, false]);
        prev = m;
      }
      kept.reverse();
      break;
    }
  }
  const out: NormalizedString[] = [];
  for (const [a, b, remove] of kept) if (!remove && a < b) out.push(a === 0 && b === s.length ? s : s.slice(a, b));
  return out;
}
