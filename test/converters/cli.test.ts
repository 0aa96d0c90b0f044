// `sbert convert`: bad inputs exit non-zero with a typed error naming the file, and leave no
// output folder and no temporary folder behind; a good input yields the converted folder.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/commands/convert.js';
import { CheckpointError } from '../../src/errors.js';
import { safetensorsFromHeader } from './helpers/safetensors_bytes.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'sbert-convert-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, bytes);
  return path;
}

const cases = readFileSync(join(FIXTURES, 'cases.pt'));
const BAD: [string, () => string, RegExp][] = [
  ['os.system in a zip pickle', () => join(FIXTURES, 'evil_zip.pt'), /refuses global "posix\.system"/],
  ['os.system in a legacy pickle', () => join(FIXTURES, 'evil_legacy.pt'), /refuses global "posix\.system"/],
  ['a TorchScript archive', () => join(FIXTURES, 'torchscript.pt'), /TorchScript/],
  ['a zip with deflated entries', () => join(FIXTURES, 'deflated.pt'), /compressed \(deflate\)/],
  ['a truncated zip', () => file('truncated.bin', cases.subarray(0, cases.length - 100)), /zip:/],
  ['random bytes', () => file('random.bin', new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24)), /not a checkpoint this reader knows/],
  ['an empty file', () => file('empty.bin', new Uint8Array(0)), /is empty/],
  ['a safetensors header longer than the file', () => { const b = safetensorsFromHeader({}, new Uint8Array(0)); new DataView(b.buffer).setUint32(0, 9999, true); return file('long.safetensors', b); }, /runs past the end|not a checkpoint/],
  ['overlapping safetensors offsets', () => file('overlap.safetensors', safetensorsFromHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, new Uint8Array(12))), /overlaps/],
];

describe('sbert convert: bad inputs', () => {
  it.each(BAD)('%s → CheckpointError naming the file; nothing written', async (_, make, message) => {
    const input = make();
    const out = join(work, `out-${Math.random().toString(36).slice(2)}`);
    const before = readdirSync(work);
    const error = await command.run([input, out]).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).file).toContain(input.split('/').pop()!);
    expect((error as Error).message).toMatch(message);
    expect(readdirSync(work).sort()).toEqual(before.sort());
  });

  it('the process exits 1 on a bad input and 0 on a good one (spawned CLI)', async () => {
    const run = promisify(execFile);
    const bad = join(work, 'out-bad');
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'convert', join(FIXTURES, 'evil_zip.pt'), bad], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/CheckpointError: .*evil_zip\.pt: pickle: refuses global "posix\.system"/);
    expect(readdirSync(work).filter((n) => n.includes('out-bad'))).toEqual([]);

    const good = join(work, 'out-good');
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'convert', join(ROOT, 'test/fixtures/models/tiny-bert-dense'), good, '--dtype', 'float16'], { cwd: ROOT });
    expect(ok.stdout).toMatch(/2_Dense: 2 tensors, 528 parameters/);
    expect(readdirSync(good).sort()).toContain('model.json');
    expect(readdirSync(join(good, '2_Dense')).sort()).toEqual(['config.json', 'group1-shard1of1.bin', 'model.json']);
    expect(readdirSync(work).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a non-empty out-dir and a bad --dtype before reading anything', async () => {
    await expect(command.run([join(FIXTURES, 'cases.pt'), FIXTURES])).rejects.toThrow(/already exists and is not an empty folder/);
    await expect(command.run([join(FIXTURES, 'cases.pt'), join(work, 'x'), '--dtype', 'int8'])).rejects.toThrow(/must be float32 or float16/);
  });
});
