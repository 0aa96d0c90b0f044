// Long and odd text: seconds and peak RSS to tokenize one text of 1, 2, 5 and 10 MB (UTF-16 code
// units) per tokenizer kind and per worst case (no spaces, combining marks, lone surrogates, NUL,
// CJK, plain words), and to encode() 10 MB with all-MiniLM-L6-v2 (truncated to 256 tokens as the
// reference does). Each (tokenizer, case) runs in its own process, sizes ascending, so the peak
// RSS after a size is that size's peak. Linear growth shows as seconds / MB staying flat.
//   npx tsx bench/long_text.ts            (prints a table and JSON)
import '@tensorflow/tfjs-backend-cpu';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SIZES_MB = [1, 2, 5, 10];
const TOKENIZERS: Record<string, string> = {
  'wordpiece (all-MiniLM-L6-v2)': '.cache/models/all-MiniLM-L6-v2/tokenizer.json',
  'bpe (tiny-roberta)': 'test/fixtures/models/tiny-roberta/tokenizer.json',
  'unigram + Precompiled (tiny-xlmr)': 'test/fixtures/models/tiny-xlmr/tokenizer.json',
};
const CASES: Record<string, string> = {
  'no spaces': 'abcdefghij',
  'combining marks': 'e\u0301\u0302\u0303\u0304',
  'lone surrogates': '\ud800x\udc00y',
  NUL: '\u0000a',
  CJK: '漢字日本語',
  words: 'the quick brown fox jumps over the lazy dog ',
};
const text = (unit: string, mb: number): string => unit.repeat(Math.ceil((mb * 2 ** 20) / unit.length)).slice(0, mb * 2 ** 20);

interface Row { what: string; case: string; mb: number; seconds: number; peakRssMb: number; tokens: number; failed?: string }

async function child(kind: string, caseName: string): Promise<void> {
  const rows: Row[] = [];
  if (kind === 'encode') {
    const tf = await import('@tensorflow/tfjs-core');
    await tf.setBackend('cpu');
    const { nodeSource } = await import('../src/io/node_file_source.js');
    const { SentenceTransformer } = await import('../src/pipeline/sentence_transformer.js');
    const m = await SentenceTransformer.fromSource(nodeSource(join(ROOT, '.cache/models/all-MiniLM-L6-v2')));
    const t0 = performance.now();
    const e = await m.encode([text(CASES[caseName]!, 10)]);
    rows.push({ what: 'encode (all-MiniLM-L6-v2)', case: caseName, mb: 10, seconds: (performance.now() - t0) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024, tokens: e[0]!.length });
    m.dispose();
  } else {
    const { Tokenizer } = await import('../src/tokenizers/tokenizer.js');
    const t = Tokenizer.fromJson(JSON.parse(readFileSync(join(ROOT, TOKENIZERS[kind]!), 'utf8')));
    for (const mb of SIZES_MB) {
      const s = text(CASES[caseName]!, mb);
      const t0 = performance.now();
      const ids = t.encode(s).ids.length;
      rows.push({ what: kind, case: caseName, mb, seconds: (performance.now() - t0) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024, tokens: ids });
      process.stdout.write(`${JSON.stringify(rows)}\n`); // what was measured survives a later crash
    }
  }
  process.stdout.write(`${JSON.stringify(rows)}\n`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4]!);
} else {
  const rows: Row[] = [];
  const jobs: [string, string][] = [];
  for (const kind of Object.keys(TOKENIZERS)) for (const c of Object.keys(CASES)) jobs.push([kind, c]);
  jobs.push(['encode', 'words'], ['encode', 'no spaces']);
  for (const [kind, c] of jobs) {
    let out: string;
    try {
      out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'bench/long_text.ts'), '--child', kind, c], { cwd: ROOT, maxBuffer: 1 << 24, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (e) {
      const partial = String((e as { stdout?: string }).stdout ?? '').trim().split('\n').pop();
      if (partial) rows.push(...(JSON.parse(partial) as Row[]));
      // A child that dies (V8 out of memory aborts with status 134) is a finding, not the end of the table.
      const status = (e as { status?: number }).status;
      rows.push({ what: kind, case: c, mb: NaN, seconds: NaN, peakRssMb: NaN, tokens: NaN, failed: `exit status ${String(status)}${status === 134 ? ' (V8 out of memory)' : ''}` } as Row);
      process.stderr.write(`${kind} / ${c}: FAILED ${String(status)}\n`);
      continue;
    }
    const got = JSON.parse(out.trim().split('\n').pop()!) as Row[];
    rows.push(...got);
    process.stderr.write(`${kind} / ${c}: ${got.map((r) => `${r.mb} MB ${r.seconds.toFixed(2)} s`).join(', ')}\n`);
  }
  console.log('| tokenizer | case | MB | seconds | s / MB | peak RSS (MB) | tokens |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r.failed !== undefined ? `| ${r.what} | ${r.case} | up to 10 | ${r.failed} | | | |` : `| ${r.what} | ${r.case} | ${r.mb} | ${r.seconds.toFixed(2)} | ${(r.seconds / r.mb).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.tokens} |`);
  console.log(JSON.stringify(rows));
}
