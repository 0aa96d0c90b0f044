// Older files under tokenizer_config.json options (do_lower_case, strip_accents,
// tokenize_chinese_chars, add_prefix_space): ids equal the reference's, which loaded the same
// files with the same config (torture.json "variants").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/io/file_source.js';
import { loadTokenizer } from '../../src/tokenizers/index.js';
import { mismatches, rawIds, report } from './compare.js';
import { ROOT, TOKENIZER_FIXTURES } from './helpers.js';

interface Variant {
  fixture: string;
  files: string[];
  config: Record<string, unknown>;
  ids: number[][];
}

const torture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tokenizers/goldens/torture.json'), 'utf-8')) as { variants: Record<string, Variant | string[]> };
const strings = torture.variants['strings'] as string[];
const variants = Object.entries(torture.variants).filter((e): e is [string, Variant] => e[0] !== 'strings');

describe('tokenizer_config.json options on the older files', () => {
  it('covers the options', () => {
    expect(variants.map(([n]) => n)).toEqual(expect.arrayContaining(['wordpiece-cased', 'wordpiece-cased-strip-accents', 'bpe-prefix-space', 'unigram-no-prefix-space']));
  });

  it.each(variants)('%s', async (name, v) => {
    const files = new Map<string, Uint8Array>(v.files.map((f) => [f, new Uint8Array(readFileSync(join(TOKENIZER_FIXTURES, v.fixture, f)))]));
    files.set('tokenizer_config.json', new TextEncoder().encode(JSON.stringify(v.config)));
    const tok = await loadTokenizer(memorySource(name, files));
    const bad = mismatches(strings, v.ids, rawIds(tok));
    expect(bad.length, report(name, strings.length, bad)).toBe(0);
  });
});
