// Long single words and long non-ASCII texts: the inputs on which the BPE merge loop and the
// Precompiled normalizer's grapheme segmentation used to be quadratic (100k-character word,
// 300k CJK characters). The ids must equal the reference tokenizers' (summaries computed with the
// pinned tokenizers in .venv: count, sha256 of json.dumps(ids), first and last ids); the time
// these take is measured by bench/long_text.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../../src/tokenizers/tokenizer.js';

const load = (name: string): Tokenizer =>
  Tokenizer.fromJson(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'models', name, 'tokenizer.json'), 'utf8')), `${name}/tokenizer.json`);

const CASES = [
  { name: 'BPE: one 100,000-character word', model: 'tiny-roberta', text: 'ab'.repeat(50_000), n: 50002, sha: '6643a0a9ede6ca94', head: [0, 435, 435, 435, 435, 435, 435, 435], tail: [435, 435, 435, 435, 435, 435, 435, 2] },
  { name: 'BPE: one 80,000-character accented word', model: 'tiny-roberta', text: ('héllo'.repeat(3) + 'x').repeat(5000), n: 95002, sha: '27a24610fc8e4375', head: [0, 76, 132, 107, 80, 80, 83, 76], tail: [76, 132, 107, 80, 80, 83, 92, 2] },
  { name: 'Precompiled: 300,000 CJK characters', model: 'tiny-xlmr', text: '漢字'.repeat(150_000), n: 4, sha: 'dcd5ea5903fb7508', head: [0, 6, 3, 2], tail: [0, 6, 3, 2] },
  { name: 'Precompiled: one cluster of 20,000 combining marks', model: 'tiny-xlmr', text: `e${'\u0301'.repeat(20_000)} ok`, n: 20006, sha: '34ae8932fa1d7990', head: [0, 142, 482, 482, 482, 482, 482, 482], tail: [482, 482, 482, 482, 6, 11, 50, 2] },
  { name: 'Precompiled: 340,000 characters of mixed scripts and clusters', model: 'tiny-xlmr', text: 'Ünïcödé 漢字 é\u0301 '.repeat(20_000), n: 260002, sha: 'b2e7f0bdc23c51e2', head: [0, 6, 3, 15, 3, 23, 3, 17], tail: [17, 478, 6, 3, 6, 478, 482, 2] },
];

describe('long texts tokenize as the reference does', () => {
  it.each(CASES)('$name', ({ model, text, n, sha, head, tail }) => {
    const ids = load(model).encode(text).ids;
    expect(ids.length).toBe(n);
    expect(ids.slice(0, 8)).toEqual(head);
    expect(ids.slice(-8)).toEqual(tail);
    expect(createHash('sha256').update(JSON.stringify(ids).replaceAll(',', ', ')).digest('hex').slice(0, 16)).toBe(sha);
  });
});
