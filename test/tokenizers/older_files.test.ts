// The older files (vocab.txt, vocab.json + merges.txt, SentencePiece .model) must give exactly the
// ids of tokenizer.json for every tokenizer that ships both: checked on the whole torture list
// against the reference's ids, and on pairs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../src/io/file_source.js';
import { loadTokenizer, type Tokenizer } from '../../src/tokenizers/index.js';
import { mismatches, rawIds, report } from './compare.js';
import { MINILM, readGoldens, resolveDir, ROOT } from './helpers.js';

const goldens = readGoldens(join(ROOT, 'test/fixtures/tokenizers/goldens/torture.json'));

/** The folder's files minus tokenizer.json, so the loader must take the older path. */
async function loadWithout(dir: string, drop: string[]): Promise<Tokenizer> {
  const files = new Map<string, Uint8Array>();
  for (const f of readdirSync(dir)) {
    if (drop.includes(f) || !f.includes('.')) continue;
    files.set(f, new Uint8Array(readFileSync(join(dir, f))));
  }
  return loadTokenizer(memorySource(dir, files));
}

const CASES: [string, string][] = [
  ['wordpiece', 'vocab.txt'],
  ['bpe', 'merges.txt'],
  ['unigram', 'sentencepiece.bpe.model'],
  [MINILM, 'vocab.txt'],
];

describe.each(CASES)('older files: %s (%s)', (name, file) => {
  const dir = resolveDir(goldens.tokenizers[name]!.dir);

  it('the older file is there and tokenizer.json is not used', async () => {
    if (name === MINILM && !existsSync(dir)) throw new Error(`${dir} is missing: run \`npm run fetch-model\` first`);
    expect(existsSync(join(dir, file))).toBe(true);
    const tok = await loadWithout(dir, ['tokenizer.json']);
    expect(tok.model.type).toBe(name === 'bpe' ? 'BPE' : name === 'unigram' ? 'Unigram' : 'WordPiece');
  });

  it('ids equal the reference on the torture list', async () => {
    const tok = await loadWithout(dir, ['tokenizer.json']);
    const bad = mismatches(goldens.strings, goldens.tokenizers[name]!.ids, rawIds(tok));
    expect(bad.length, report(`${name} from ${file}`, goldens.strings.length, bad)).toBe(0);
  });

  it('pairs and token types equal the tokenizer.json path', async () => {
    const old = await loadWithout(dir, ['tokenizer.json']);
    const modern = await loadTokenizer(memorySource(dir, new Map([['tokenizer.json', new Uint8Array(readFileSync(join(dir, 'tokenizer.json')))]])));
    const s = goldens.strings;
    for (let i = 0; i + 1 < s.length; i += 7) {
      const opts = { truncation: { maxLength: 20, strategy: 'LongestFirst' as const, direction: 'Right' as const } };
      const a = old.encode(s[i]!, s[i + 1]!, opts);
      const b = modern.encode(s[i]!, s[i + 1]!, opts);
      expect([a.ids, a.type_ids], JSON.stringify([s[i], s[i + 1]]).slice(0, 80)).toEqual([b.ids, b.type_ids]);
    }
  });
});
