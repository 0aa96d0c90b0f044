// Every code point (surrogates aside) through our Lowercase and strip_accents equals the
// reference's (torture.json "chars", only changed code points stored), and the probed
// whitespace table agrees with our White_Space test: Unicode-version drift shows up here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNormalizer } from '../../src/tokenizers/normalizers/create_normalizer.js';
import { NormalizedString } from '../../src/tokenizers/index.js';
import { CLEANED_AWAY, WHITESPACE } from '../../src/tokenizers/util/unicode_tables.js';
import { inRanges, isWhitespace } from '../../src/tokenizers/util/unicode.js';
import { ROOT } from './helpers.js';

const chars = (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tokenizers/goldens/torture.json'), 'utf-8')) as {
  chars: { lowercase: Record<string, string>; strip_accents: Record<string, string>; precompiled_unigram: Record<string, string> };
}).chars;

function* codePoints(): Generator<number> {
  for (let cp = 0; cp < 0x110000; cp++) if (cp < 0xd800 || cp > 0xdfff) yield cp;
}

function differences(json: unknown, table: Record<string, string>, skip: (cp: number) => boolean = () => false): string[] {
  const n = createNormalizer(json, 'tokenizer.json');
  const bad: string[] = [];
  for (const cp of codePoints()) {
    if (skip(cp)) continue;
    const c = String.fromCodePoint(cp);
    const want = table[cp.toString(16)] ?? c;
    const got = n(NormalizedString.fromText(c)).text;
    if (got !== want) bad.push(`U+${cp.toString(16).toUpperCase()}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  return bad;
}

describe('every code point', () => {
  it('Lowercase equals the reference', () => {
    const bad = differences({ type: 'Lowercase' }, chars.lowercase);
    expect(bad.length, bad.slice(0, 10).join('\n')).toBe(0);
  });

  it('strip_accents (NFD, drop nonspacing marks) equals the reference', () => {
    const strip = { type: 'BertNormalizer', clean_text: false, handle_chinese_chars: false, strip_accents: true, lowercase: false };
    const bad = differences(strip, chars.strip_accents, (cp) => cp >= 0xac00 && cp <= 0xd7a3);
    expect(bad.length, bad.slice(0, 10).join('\n')).toBe(0);
  });

  it('the unigram fixture\'s Precompiled charsmap equals the reference', () => {
    const json = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tokenizers/unigram/tokenizer.json'), 'utf-8')) as { normalizer: unknown };
    // Batches of code points separated by "\n" (a grapheme boundary on both sides, so each code
    // point is its own cluster, as when normalized alone); results are read back by their spans.
    const n = createNormalizer(json.normalizer, 'tokenizer.json');
    // Planes 0-1, the CJK compatibility supplement and the tag / variation-selector block: where
    // the charsmap's mappings live (plane 2 is otherwise unified ideographs, planes 3-13 barely
    // assigned, 15-16 private use); keeps the test to seconds.
    const inScope = (cp: number): boolean => cp < 0x20000 || (cp >= 0x2f800 && cp < 0x2fa20) || (cp >= 0xe0000 && cp < 0xe0200);
    const all = [...codePoints()].filter((cp) => cp !== 0x0a && inScope(cp));
    const bad: string[] = [];
    for (let i = 0; i < all.length; i += 20_000) {
      const batch = all.slice(i, i + 20_000);
      const text = batch.map((cp) => String.fromCodePoint(cp)).join('\n');
      const out = n(NormalizedString.fromText(text));
      const byStart = new Map<number, string>();
      out.chars.forEach((c, k) => byStart.set(out.starts[k]!, (byStart.get(out.starts[k]!) ?? '') + c));
      let at = 0;
      for (const cp of batch) {
        const want = chars.precompiled_unigram[cp.toString(16)] ?? String.fromCodePoint(cp);
        const got = byStart.get(at) ?? '';
        if (got !== want) bad.push(`U+${cp.toString(16).toUpperCase()}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
        at += cp > 0xffff ? 3 : 2;
      }
    }
    expect(Object.keys(chars.precompiled_unigram).length).toBeGreaterThan(1000);
    expect(bad.length, bad.slice(0, 10).join('\n')).toBe(0);
  });

  it('whitespace as the reference maps it (controls are removed before)', () => {
    const bad: string[] = [];
    for (const cp of codePoints()) {
      if (inRanges(CLEANED_AWAY, cp)) continue;
      const want = cp === 0x20 || inRanges(WHITESPACE, cp);
      if (isWhitespace(String.fromCodePoint(cp)) !== want) bad.push(`U+${cp.toString(16)}`);
    }
    expect(bad).toEqual([]);
  });
});
