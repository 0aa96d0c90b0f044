// A text being normalized, one entry per code point, each remembering the span of the original
// text (UTF-16 offsets) it came from: `tokenizers`' NormalizedString, with its alignment rules,
// so that offsets equal the reference's (tested on the torture list).

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

  slice(i: number, j: number = this.chars.length): NormalizedString {
    return new NormalizedString(this.chars.slice(i, j), this.starts.slice(i, j), this.ends.slice(i, j));
  }

  /** `s` before the text; it aligns to the first code point (as `tokenizers`' prepend does). */
  prepend(s: string): NormalizedString {
    if (this.chars.length === 0) return this;
    const add = Array.from(s);
    return new NormalizedString(
      [...add, ...this.chars],
      [...add.map(() => this.starts[0]!), ...this.starts],
      [...add.map(() => this.ends[0]!), ...this.ends],
    );
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
   * tokenizers' NormalizedString::transform: `dest` lists the new code points with a change
   * marker: 0 replaces the next original code point (and takes its span), 1 is inserted (takes
   * the span of the code point before it), -n replaces the next one and removes n more.
   * `initialOffset` code points are skipped first. Reproduced exactly, quirks included: a
   * removal with nothing before it is never consumed, so later spans shift (as in the reference).
   */
  transform(dest: readonly (readonly [string, number])[], initialOffset = 0): NormalizedString {
    const chars: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const last = this.chars.length - 1;
    let offset = initialOffset;
    for (const [c, change] of dest) {
      let k = change > 0 ? offset - 1 : offset;
      if (k > last) k = last;
      chars.push(c);
      starts.push(k < 0 ? 0 : this.starts[k]!);
      ends.push(k < 0 ? 0 : this.ends[k]!);
      if (change <= 0) offset += 1 - Math.min(change, 0);
    }
    return new NormalizedString(chars, starts, ends);
  }

  /**
   * Replaces code-point ranges [i, j) by new text, each range aligned the way tokenizers'
   * Precompiled `replace` does: new code points take the replaced ones' spans in order, extra
   * ones are inserted, and a shrink is charged to the last code point emitted so far.
   */
  edit(edits: readonly (readonly [number, number, string])[]): NormalizedString {
    if (edits.length === 0) return this;
    const dest: [string, number][] = [];
    let at = 0;
    for (const [i, j, text] of edits) {
      for (; at < i; at++) dest.push([this.chars[at]!, 0]);
      const added = Array.from(text);
      for (const c of added) dest.push([c, 0]);
      const diff = added.length - (j - i);
      if (diff > 0) for (let k = dest.length - diff; k < dest.length; k++) dest[k]![1] = 1;
      else if (diff < 0 && dest.length > 0) dest[dest.length - 1]![1] += diff;
      at = j;
    }
    for (; at < this.chars.length; at++) dest.push([this.chars[at]!, 0]);
    return this.transform(dest);
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
