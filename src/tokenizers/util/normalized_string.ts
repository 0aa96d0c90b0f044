// A text being normalized, one entry per code point, each remembering the span of the original
// text (UTF-16 offsets) it came from. Mirrors `tokenizers`' NormalizedString closely enough for
// offsets; the ids never depend on the alignments.

export class NormalizedString {
  constructor(
    /** Current code points. */
    readonly chars: string[],
    /** Original start offset (UTF-16 units) of each code point. */
    readonly starts: number[],
    /** Original end offset (UTF-16 units) of each code point. */
    readonly ends: number[],
  ) {}

  /** `text[from:to]` (UTF-16 offsets) of an original string, offsets kept absolute. */
  static fromText(text: string, from = 0, to = text.length): NormalizedString {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let i = from;
    while (i < to) {
      const cp = text.codePointAt(i)!;
      const n = cp > 0xffff ? 2 : 1;
      chars.push(n === 1 ? text[i]! : text.slice(i, i + 2));
      starts.push(i);
      ends.push(i + n);
      i += n;
    }
    return new NormalizedString(chars, starts, ends);
  }

  get text(): string {
    return this.chars.join('');
  }

  get length(): number {
    return this.chars.length;
  }

  /** Original span of the whole string ([start, start] when empty). */
  get originalStart(): number {
    return this.starts[0] ?? 0;
  }

  /** Each code point becomes `fn(c)` (any number of code points, '' deletes it); new ones keep its span. */
  mapChars(fn: (c: string) => string): NormalizedString {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    let changed = false;
    for (let i = 0; i < this.chars.length; i++) {
      const c = this.chars[i]!;
      const r = fn(c);
      if (r === c) {
        chars.push(c);
        starts.push(this.starts[i]!);
        ends.push(this.ends[i]!);
        continue;
      }
      changed = true;
      for (const d of r) {
        chars.push(d);
        starts.push(this.starts[i]!);
        ends.push(this.ends[i]!);
      }
    }
    return changed ? new NormalizedString(chars, starts, ends) : this;
  }

  /** Replace code points [i, j) by `replacement`; the new code points span the replaced ones. */
  static concat(parts: readonly NormalizedString[]): NormalizedString {
    if (parts.length === 1) return parts[0]!;
    const out = new NormalizedString([], [], []);
    for (const p of parts) {
      out.chars.push(...p.chars);
      out.starts.push(...p.starts);
      out.ends.push(...p.ends);
    }
    return out;
  }

  slice(i: number, j: number = this.chars.length): NormalizedString {
    return new NormalizedString(this.chars.slice(i, j), this.starts.slice(i, j), this.ends.slice(i, j));
  }

  /** Code points [i, j) rewritten as `text`, all spanning the original range of [i, j). */
  replaced(i: number, j: number, text: string): NormalizedString {
    const start = i < this.chars.length ? this.starts[i]! : (this.ends[i - 1] ?? 0);
    const end = j > i ? this.ends[j - 1]! : start;
    const mid = Array.from(text);
    return NormalizedString.concat([
      this.slice(0, i),
      new NormalizedString(mid, mid.map(() => start), mid.map(() => end)),
      this.slice(j),
    ]);
  }

  /** `s` before the text; it aligns to the first code point (as `tokenizers`' prepend does). */
  prepend(s: string): NormalizedString {
    return this.replaced(0, 0, s).withSpanOfFirst(Array.from(s).length);
  }

  private withSpanOfFirst(n: number): NormalizedString {
    if (this.chars.length <= n) return this;
    for (let k = 0; k < n; k++) {
      this.starts[k] = this.starts[n]!;
      this.ends[k] = this.ends[n]!;
    }
    return this;
  }

  /** Index of the code point that starts at UTF-16 position `u` of `this.text` (built lazily by callers). */
  utf16Boundaries(): number[] {
    const b = new Array<number>(this.chars.length + 1);
    let u = 0;
    for (let k = 0; k < this.chars.length; k++) {
      b[k] = u;
      u += this.chars[k]!.length;
    }
    b[this.chars.length] = u;
    return b;
  }

  /**
   * Applies a whole-string transform (NFC, a regex replace ...) given as a list of
   * [fromChar, toChar, replacement] edits in increasing, non-overlapping order.
   */
  edit(edits: readonly (readonly [number, number, string])[]): NormalizedString {
    if (edits.length === 0) return this;
    const parts: NormalizedString[] = [];
    let at = 0;
    for (const [i, j, text] of edits) {
      if (i > at) parts.push(this.slice(at, i));
      const start = i < this.chars.length ? this.starts[i]! : (this.ends[i - 1] ?? 0);
      const end = j > i ? this.ends[j - 1]! : start;
      const mid = Array.from(text);
      parts.push(new NormalizedString(mid, mid.map(() => start), mid.map(() => end)));
      at = j;
    }
    if (at < this.chars.length) parts.push(this.slice(at));
    return NormalizedString.concat(parts);
  }

  /** Maps a UTF-16 index of `this.text` to a code-point index, given `utf16Boundaries()`. */
  static charIndex(boundaries: readonly number[], u: number): number {
    let lo = 0;
    let hi = boundaries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (boundaries[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
