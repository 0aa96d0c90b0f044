// Pairs (longest_first truncation at several budgets, token types), a padded batch and offsets,
// against the reference's fast tokenizers (torture.json "encodings", BMP-only texts so that
// Python's character offsets equal our UTF-16 offsets).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDir, MINILM, resolveDir, ROOT } from './helpers.js';

interface EncodingGoldens {
  firsts: string[];
  seconds: string[];
  pairs: { max_length: number; input_ids: number[][]; token_type_ids: number[][] | null; attention_mask: number[][] }[];
  batch: { texts: string[]; max_length: number; input_ids: number[][]; attention_mask: number[][]; token_type_ids: number[][] | null };
  offsets: { texts: string[]; offsets: [number, number][][] };
}

const all = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/tokenizers/goldens/torture.json'), 'utf-8')) as {
  tokenizers: Record<string, { dir: string }>;
  encodings: Record<string, EncodingGoldens>;
};

describe.each(Object.entries(all.encodings))('encodings: %s', (name, g) => {
  const dir = resolveDir(all.tokenizers[name]!.dir);
  const load = async () => {
    if (name === MINILM && !existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run fetch-model\` first`);
    return loadDir(dir);
  };

  it('pairs: ids, token types and attention after longest_first truncation', async () => {
    const tok = await load();
    for (const p of g.pairs) {
      g.firsts.forEach((a, i) => {
        const e = tok.encode(a, g.seconds[i]!, { truncation: { maxLength: p.max_length, strategy: 'LongestFirst', direction: 'Right' } });
        const where = `max_length ${p.max_length} pair ${i} ${JSON.stringify([a, g.seconds[i]]).slice(0, 80)}`;
        expect(e.ids, where).toEqual(p.input_ids[i]);
        expect(e.attention_mask, where).toEqual(p.attention_mask[i]);
        if (p.token_type_ids !== null) expect(e.type_ids, where).toEqual(p.token_type_ids[i]);
      });
    }
  });

  it('a batch padded to its longest, truncated at max_length', async () => {
    const tok = await load();
    const enc = tok.encodeBatch(g.batch.texts, {
      truncation: { maxLength: g.batch.max_length, strategy: 'LongestFirst', direction: 'Right' },
      padding: 'longest',
    });
    expect(enc.map((e) => e.ids)).toEqual(g.batch.input_ids);
    expect(enc.map((e) => e.attention_mask)).toEqual(g.batch.attention_mask);
    if (g.batch.token_type_ids !== null) expect(enc.map((e) => e.type_ids)).toEqual(g.batch.token_type_ids);
  });

  it('offsets of every token', async () => {
    const tok = await load();
    let equal = 0;
    const bad: string[] = [];
    g.offsets.texts.forEach((t, i) => {
      const got = tok.encode(t).offsets;
      if (JSON.stringify(got) === JSON.stringify(g.offsets.offsets[i])) equal++;
      else if (bad.length < 5) bad.push(`${JSON.stringify(t).slice(0, 60)}\n  got  ${JSON.stringify(got).slice(0, 200)}\n  want ${JSON.stringify(g.offsets.offsets[i]).slice(0, 200)}`);
    });
    expect(equal, `${equal}/${g.offsets.texts.length} equal\n${bad.join('\n')}`).toBe(g.offsets.texts.length);
  });
});
