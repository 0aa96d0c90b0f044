// Tokenizer throughput: texts/s of our tokenizers vs the reference's fast tokenizer (transformers
// AutoTokenizer, Rust `tokenizers`) on the STSb test sentences, same machine, same texts.
//   npx tsx bench/tokenizer_throughput.ts [--seconds 3]
// The reference is timed by the venv's Python (.venv), one call per text and one batched call.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeSource } from '../src/io/node_file_source.js';
import { encodeForModel, loadTokenizer } from '../src/tokenizers/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] ?? 3) || 3;
const STSB = join(ROOT, '../shared/data/stsbenchmark/sts-test.csv');
const texts = readFileSync(STSB, 'utf-8').split('\n').flatMap((l) => l.split('\t').slice(5, 7)).filter((t) => t.length > 0);

const TOKENIZERS: [string, string][] = [
  ['wordpiece', 'test/fixtures/tokenizers/wordpiece'],
  ['bpe', 'test/fixtures/tokenizers/bpe'],
  ['unigram', 'test/fixtures/tokenizers/unigram'],
  ['all-MiniLM-L6-v2', process.env['MINILM_DIR'] ?? '.cache/models/all-MiniLM-L6-v2'],
];

function rate(fn: () => void, n: number): number {
  fn(); // warm-up (caches, JIT)
  let done = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    fn();
    done += n;
  }
  return done / ((performance.now() - t0) / 1000);
}

const PY = `
import sys, time, json, os
os.environ["TOKENIZERS_PARALLELISM"] = "true"
from transformers import AutoTokenizer
texts = json.load(sys.stdin); seconds = float(sys.argv[2])
tok = AutoTokenizer.from_pretrained(sys.argv[1]); tok.model_max_length = 10**9
def rate(fn, n):
    fn(); done = 0; t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        fn(); done += n
    return done / (time.perf_counter() - t0)
single = rate(lambda: [tok(t)["input_ids"] for t in texts], len(texts))
batch = rate(lambda: tok(texts)["input_ids"], len(texts))
print(json.dumps({"single": single, "batch": batch}))
`;

const rows: string[] = [`STSb test: ${texts.length} texts, ${seconds}s per measurement, texts/s`, '| tokenizer | ours: encode() per text | ours: encodeForModel batches of 32 | reference: one call per text | reference: one batched call |', '|---|---|---|---|---|'];
for (const [name, rel] of TOKENIZERS) {
  const dir = rel.startsWith('/') ? rel : join(ROOT, rel);
  if (!existsSync(dir)) {
    rows.push(`| ${name} | (missing ${rel}: run npm run fetch-model) | | | |`);
    continue;
  }
  const tok = await loadTokenizer(nodeSource(dir));
  const single = rate(() => texts.forEach((t) => tok.encode(t)), texts.length);
  const batched = rate(() => {
    for (let i = 0; i < texts.length; i += 32) encodeForModel(tok, texts.slice(i, i + 32), { maxSeqLength: 256 });
  }, texts.length);
  let ref = { single: NaN, batch: NaN };
  const py = join(ROOT, '.venv/bin/python');
  if (existsSync(py)) ref = JSON.parse(execFileSync(py, ['-c', PY, dir, String(seconds)], { input: JSON.stringify(texts), encoding: 'utf-8', stdio: ['pipe', 'pipe', 'ignore'] })) as typeof ref;
  const f = (x: number): string => (Number.isNaN(x) ? 'n/a' : Math.round(x).toLocaleString('en-US'));
  rows.push(`| ${name} | ${f(single)} | ${f(batched)} | ${f(ref.single)} | ${f(ref.batch)} |`);
}
console.log(rows.join('\n'));
