// The torture list (test/fixtures/tokenizers/goldens/torture.json, written by the reference with
// test/reference/make_tokenizer_goldens.py): 100% id equality for every fixture tokenizer,
// tiny-mpnet's (WordPiece with RoBERTa's template), every tiny model's
// SentenceTransformer.tokenize(), and all-MiniLM-L6-v2 (from npm run fetch-model).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeForModel } from '../../src/tokenizers/index.js';
import { mismatches, rawIds, report } from './compare.js';
import { loadDir, MINILM, readGoldens, resolveDir, ROOT } from './helpers.js';

const goldens = readGoldens(join(ROOT, 'test/fixtures/tokenizers/goldens/torture.json'));

function dirOrFail(name: string, dir: string): string {
  const d = resolveDir(dir);
  if (name === MINILM && !existsSync(d)) throw new Error(`${d} is missing: run \`npm run fetch-model\` first`);
  return d;
}

describe('torture list', () => {
  it('has at least 500 strings and covers the real model', () => {
    expect(goldens.strings.length).toBeGreaterThanOrEqual(500);
    expect(Object.keys(goldens.tokenizers)).toEqual(expect.arrayContaining(['wordpiece', 'bpe', 'unigram', 'tiny-mpnet', MINILM]));
  });

  for (const [name, g] of Object.entries(goldens.tokenizers)) {
    it(`raw ids equal the reference: ${name}`, async () => {
      const tok = await loadDir(dirOrFail(name, g.dir));
      const bad = mismatches(goldens.strings, g.ids, rawIds(tok));
      expect(bad.length, report(name, goldens.strings.length, bad)).toBe(0);
    });
  }

  for (const [name, g] of Object.entries(goldens.tokenizers)) {
    it(`decode(skip special tokens) equals the reference: ${name}`, async () => {
      const tok = await loadDir(dirOrFail(name, g.dir));
      const decoded = (g as { decoded?: (string | null)[] }).decoded ?? [];
      let checked = 0;
      const bad: string[] = [];
      decoded.forEach((want, i) => {
        if (want === null) return;
        checked++;
        const got = tok.decode(g.ids[i]!);
        if (got !== want && bad.length < 5) bad.push(`#${i} got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      });
      expect(checked).toBeGreaterThan(500);
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }

  for (const [name, m] of Object.entries(goldens.models)) {
    it(`SentenceTransformer.tokenize ids equal the reference: ${name}`, async () => {
      const tok = await loadDir(dirOrFail(name, m.dir));
      const opts = { maxSeqLength: m.max_seq_length, doLowerCase: m.do_lower_case };
      const bad = mismatches(goldens.strings, m.input_ids, (s) => encodeForModel(tok, [s], opts).input_ids[0]!);
      expect(bad.length, report(name, goldens.strings.length, bad)).toBe(0);
    });
  }
});
