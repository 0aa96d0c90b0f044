// The argument parser's bounds: --threads has an upper bound (1e9 threads was a fatal V8
// out-of-memory), empty values are refused (--model= named the working folder), and '--'
// ends the options, --help included (encode -- --help embeds the text "--help").
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { intOption, MAX_THREADS, parseArgs, wantsHelp } from '../../src/cli/args.js';

const SPEC = { model: { kind: 'string' }, threads: { kind: 'string' }, prompt: { kind: 'string', allowEmpty: true } } as const;
const REPO_ROOT = join(import.meta.dirname, '..', '..');

describe('CLI arguments', () => {
  it('--threads 1000000000 is refused with the bound', () => {
    const args = parseArgs(['--threads', '1000000000'], SPEC);
    expect(() => intOption(args, 'threads', 1)).toThrow(ArgumentError);
    expect(() => intOption(args, 'threads', 1)).toThrow(`argument "--threads" must be at most ${MAX_THREADS}, got 1000000000`);
    expect(intOption(parseArgs(['--threads=4'], SPEC), 'threads', 1)).toBe(4);
  });

  it('useWasmThreads refuses the same counts', async () => {
    const { useWasmThreads } = await import('../../src/backends/node_wasm_threads.js');
    await expect(useWasmThreads(1_000_000_000)).rejects.toThrow('argument "threads" must be at most 256, got 1000000000');
  });

  it.each([['--model='], ['--model', '']])('an empty value is refused: %j', (...argv) => {
    expect(() => parseArgs(argv, SPEC)).toThrow('argument "--model" needs a value, got an empty one');
  });

  it('an option that allows an empty value keeps it', () => {
    expect(parseArgs(['--prompt='], SPEC).options.get('prompt')).toEqual(['']);
  });

  it("'--' ends the options: --help after it is a text", () => {
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['a', '-h'])).toBe(true);
    expect(parseArgs(['--', '--help', '-h'], SPEC).positional).toEqual(['--help', '-h']);
  });

  it('sbert tokenize -- --help tokenizes the text instead of printing help', async () => {
    const run = promisify(execFile);
    const model = join(REPO_ROOT, 'test', 'fixtures', 'models', 'tiny-bert');
    const { stdout } = await run(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'tokenize', '--model', model, '--', '--help'], { cwd: REPO_ROOT });
    expect(stdout).not.toContain('Usage');
    expect(JSON.parse(stdout.trim().split('\n')[0]!)).toMatchObject({ index: 0 }); // one tokenized text
    expect(stdout).toContain('"input_ids":[2,');
  });
});
