// Compares our ids with the reference's for a list of strings and reports the first mismatches.
import type { Tokenizer } from '../../src/tokenizers/index.js';

export interface Mismatch {
  index: number;
  text: string;
  got: number[];
  want: number[];
}

export function mismatches(strings: readonly string[], want: readonly number[][], encode: (s: string, i: number) => number[]): Mismatch[] {
  const out: Mismatch[] = [];
  strings.forEach((text, index) => {
    const got = encode(text, index);
    const w = want[index]!;
    if (got.length !== w.length || got.some((x, k) => x !== w[k])) out.push({ index, text, got, want: w });
  });
  return out;
}

/** A readable summary for a failing expect: count and the first few cases. */
export function report(name: string, total: number, bad: readonly Mismatch[]): string {
  const lines = bad.slice(0, 5).map((m) => `  #${m.index} ${JSON.stringify(m.text).slice(0, 80)}\n    got  ${JSON.stringify(m.got).slice(0, 160)}\n    want ${JSON.stringify(m.want).slice(0, 160)}`);
  return `${name}: ${total - bad.length}/${total} equal\n${lines.join('\n')}`;
}

export function rawIds(tok: Tokenizer): (s: string) => number[] {
  return (s) => tok.encode(s).ids;
}
