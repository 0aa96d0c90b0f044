// Added and special tokens are cut out of the text before the model sees it (tokenizers'
// AddedVocabulary): tokens with normalized=false are matched on the raw text first, tokens with
// normalized=true on the normalized remainder. Leftmost match, longest first; lstrip / rstrip
// absorb neighbouring whitespace; single_word matches only between non-word characters.
import type { Normalizer } from './normalizers/normalizer.js';
import { NormalizedString } from './util/normalized_string.js';
import { escapeRegExp } from './util/regex.js';
import { isWhitespace, isWordChar } from './util/unicode.js';

export interface AddedToken {
  id: number;
  content: string;
  singleWord: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

/** A piece of the input: either an added token (already final) or text still to tokenize. */
export interface Segment {
  text: NormalizedString;
  token: AddedToken | null;
}

interface Matcher {
  re: RegExp;
  byContent: Map<string, AddedToken>;
}

export class AddedVocabulary {
  readonly byId = new Map<number, AddedToken>();
  readonly byContent = new Map<string, AddedToken>();
  private readonly raw: Matcher | null;
  private readonly normalized: Matcher | null;

  /** `normalizer` rewrites the content of normalized=true tokens, as tokenizers does. */
  constructor(readonly tokens: readonly AddedToken[], normalizer: Normalizer) {
    for (const t of tokens) {
      this.byId.set(t.id, t);
      this.byContent.set(t.content, t);
    }
    this.raw = matcher(tokens.filter((t) => !t.normalized).map((t) => [t.content, t]));
    this.normalized = matcher(
      tokens.filter((t) => t.normalized).map((t) => [normalizer(NormalizedString.fromText(t.content)).text, t]),
    );
  }

  /** Cuts the raw text on non-normalized tokens, normalizes the rest, cuts it on normalized tokens. */
  extract(text: string, normalizer: Normalizer): Segment[] {
    const out: Segment[] = [];
    for (const seg of split(NormalizedString.fromText(text), this.raw)) {
      if (seg.token !== null) {
        out.push(seg);
        continue;
      }
      out.push(...split(normalizer(seg.text), this.normalized));
    }
    return out;
  }
}

function matcher(entries: [string, AddedToken][]): Matcher | null {
  const usable = entries.filter(([c]) => c.length > 0);
  if (usable.length === 0) return null;
  const byContent = new Map(usable);
  // Longest first so that the regex alternation picks the longest token at the leftmost position.
  const contents = [...byContent.keys()].sort((a, b) => b.length - a.length);
  return { re: new RegExp(contents.map(escapeRegExp).join('|'), 'gu'), byContent };
}

function split(s: NormalizedString, m: Matcher | null): Segment[] {
  if (m === null || s.length === 0) return [{ text: s, token: null }];
  const text = s.text;
  let b: number[] | undefined;
  const out: Segment[] = [];
  let from = 0; // code-point index where the pending text starts
  m.re.lastIndex = 0;
  for (const match of text.matchAll(m.re)) {
    b ??= s.utf16Boundaries();
    let start = NormalizedString.charIndex(b, match.index);
    let stop = NormalizedString.charIndex(b, match.index + match[0].length);
    const token = m.byContent.get(match[0])!;
    if (token.singleWord) {
      const before = start === 0 || !isWordChar(s.chars[start - 1]!);
      const after = stop === s.length || !isWordChar(s.chars[stop]!);
      if (!before || !after) continue;
    }
    if (token.lstrip) {
      let k = start;
      while (k > 0 && isWhitespace(s.chars[k - 1]!)) k--;
      start = Math.max(k, from);
    }
    if (token.rstrip) while (stop < s.length && isWhitespace(s.chars[stop]!)) stop++;
    if (from < start) out.push({ text: s.slice(from, start), token: null });
    out.push({ text: s.slice(start, stop), token });
    from = stop;
  }
  if (from < s.length) out.push({ text: s.slice(from), token: null });
  return out;
}
