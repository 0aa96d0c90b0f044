// Every sentence of STSb train/dev/test: 100% id equality with the reference for every fixture
// tokenizer and all-MiniLM-L6-v2, raw and through SentenceTransformer.tokenize(). The goldens are
// written into .cache/ by `npm run goldens:tokenizers` (after `npm run fetch-model`).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeForModel } from '../../src/tokenizers/index.js';
import { mismatches, rawIds, report } from './compare.js';
import { loadDir, MINILM, readGoldens, requireCache, resolveDir, ROOT } from './helpers.js';

const SCRIPT = 'npm run goldens:tokenizers';

describe.each(['train', 'dev', 'test'])('STSb %s', (split) => {
  const path = join(ROOT, `.cache/goldens/tokenizers/stsb-${split}.json`);

  it('goldens exist and include the real model', () => {
    requireCache(path, SCRIPT);
    const names = Object.keys(readGoldens(path).tokenizers);
    expect(names, `${path} lacks ${MINILM}: run \`npm run fetch-model\` then \`${SCRIPT}\``).toEqual(expect.arrayContaining(['wordpiece', 'bpe', 'unigram', MINILM]));
  });

  it('raw ids and model ids equal the reference for every tokenizer', async () => {
    requireCache(path, SCRIPT);
    const g = readGoldens(path);
    expect(g.strings.length).toBeGreaterThan(2000);
    for (const [name, t] of Object.entries(g.tokenizers)) {
      const bad = mismatches(g.strings, t.ids, rawIds(await loadDir(resolveDir(t.dir))));
      expect(bad.length, report(`${split} ${name}`, g.strings.length, bad)).toBe(0);
    }
    for (const [name, m] of Object.entries(g.models)) {
      const tok = await loadDir(resolveDir(m.dir));
      const opts = { maxSeqLength: m.max_seq_length, doLowerCase: m.do_lower_case };
      // One batch per 64 sentences, as the model sees them; padding is stripped by the mask.
      const got: number[][] = [];
      for (let i = 0; i < g.strings.length; i += 64) {
        const b = encodeForModel(tok, g.strings.slice(i, i + 64), opts);
        b.input_ids.forEach((ids, k) => got.push(ids.filter((_, j) => b.attention_mask[k]![j] === 1)));
      }
      const bad = mismatches(g.strings, m.input_ids, (_s, i) => got[i]!);
      expect(bad.length, report(`${split} model ${name}`, g.strings.length, bad)).toBe(0);
    }
  });
});
