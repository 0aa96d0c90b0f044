// `sbert tokenize` prints what the model receives: checked against the reference's
// SentenceTransformer.tokenize() ids for the tiny models, through .jsonl and .txt inputs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { command } from '../../src/cli/commands/tokenize.js';
import { ArgumentError } from '../../src/errors.js';
import { readGoldens, resolveDir, ROOT } from './helpers.js';

const goldens = readGoldens(join(ROOT, 'test/fixtures/tokenizers/goldens/torture.json'));

async function run(argv: string[]): Promise<{ index: number; input_ids: number[]; tokens: string[] }[]> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    chunks.push(String(s));
    return true;
  });
  try {
    expect(await command.run(argv)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { index: number; input_ids: number[]; tokens: string[] });
}

describe('sbert tokenize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbert-tokenize-'));
  const texts = goldens.strings.slice(0, 300);

  it.each(['tiny-roberta', 'tiny-bert', 'tiny-xlmr', 'tiny-mpnet'])('.jsonl input gives the reference ids: %s', async (name) => {
    const m = goldens.models[name]!;
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, texts.map((t) => JSON.stringify(t)).join('\n') + '\n');
    const lines = await run(['--model', resolveDir(m.dir), '--input', file]);
    expect(lines.map((l) => l.index)).toEqual(texts.map((_, i) => i));
    lines.forEach((l, i) => expect(l.input_ids, JSON.stringify(texts[i])).toEqual(m.input_ids[i]));
    expect(lines[0]!.tokens.length).toBe(lines[0]!.input_ids.length);
  });

  it('.txt input is one text per line, then the TEXT arguments', async () => {
    const m = goldens.models['tiny-roberta']!;
    const plain = texts.filter((t) => !/[\n\r]/.test(t) && t.length > 0).slice(0, 50);
    const file = join(dir, 'in.txt');
    writeFileSync(file, plain.join('\n') + '\n');
    const lines = await run(['--model', resolveDir(m.dir), '--input', file, plain[0]!]);
    expect(lines.length).toBe(plain.length + 1);
    lines.slice(0, plain.length).forEach((l, i) => expect(l.input_ids).toEqual(m.input_ids[texts.indexOf(plain[i]!)]));
    expect(lines[plain.length]!.input_ids).toEqual(lines[0]!.input_ids);
    expect(lines[0]!.tokens[0]).toBe('<s>');
  });

  it('argument errors', async () => {
    // (Without --model tokenize uses the default model: test/cli/flags.test.ts.)
    await expect(command.run(['--nope', 'x'])).rejects.toBeInstanceOf(ArgumentError);
    await expect(command.run(['--model', resolveDir(goldens.models['tiny-bert']!.dir)])).rejects.toThrow(/TEXT/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '"ok"\n{"text": 1}\n');
    await expect(command.run(['--model', resolveDir(goldens.models['tiny-bert']!.dir), '--input', bad])).rejects.toThrow(/line 2 must be a JSON string/);
  });
});
