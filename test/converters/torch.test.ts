// PyTorch zip and legacy readers against crafted checkpoints written by the reference torch
// (test/converters/fixtures/make_fixtures.py): every value must equal what torch reported.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { detectFormat, readCheckpoint, toFloat32 } from '../../src/checkpoint/index.js';
import type { RawTensor } from '../../src/checkpoint/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));

interface Expected {
  dtype: string;
  shape: number[];
  values: number[];
}
const CASES = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as Record<string, Expected>;

/** Values as plain numbers: floats widened exactly to float32, integers and bools as is. */
function plain(t: RawTensor): number[] {
  if (['float32', 'float16', 'bfloat16', 'float64'].includes(t.dtype)) return Array.from(toFloat32(t));
  return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
}

function expectedPlain(e: Expected): number[] {
  return ['float32', 'float16', 'bfloat16', 'float64'].includes(e.dtype) ? e.values.map(Math.fround) : e.values;
}

describe.each([
  ['cases.pt', 'torch-zip'],
  ['cases_archive.pt', 'torch-zip'],
  ['cases_p4.pt', 'torch-zip'],
  ['cases_legacy.pt', 'torch-legacy'],
  ['cases_legacy_p4.pt', 'torch-legacy'],
])('%s', (file, format) => {
  const bytes = load(file);
  const tensors = readCheckpoint(bytes, file);

  it(`is detected as ${format} and holds exactly the saved names, in order`, () => {
    expect(detectFormat(bytes, file)).toBe(format);
    expect([...tensors.keys()]).toEqual(Object.keys(CASES));
  });

  it.each(Object.keys(CASES))('%s: dtype, shape and every value equal torch', (name) => {
    const t = tensors.get(name)!;
    const e = CASES[name]!;
    expect(t.dtype).toBe(e.dtype);
    expect(t.shape).toEqual(e.shape);
    expect(t.data.length).toBe(e.values.length);
    const got = plain(t);
    const want = expectedPlain(e);
    // Object.is: -0 stays -0 through fp16 decoding.
    expect(got.every((v, i) => Object.is(v, want[i]))).toBe(true);
  });

  it('shared storages are read once: tied names view the same bytes', () => {
    const a = tensors.get('embedding.weight')!.data;
    const b = tensors.get('tied.weight')!.data;
    expect(b.buffer).toBe(a.buffer);
  });
});

describe('legacy storages with view_metadata', () => {
  it('resolves each view to its sub-range of the root storage', () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'legacy_view.json'), 'utf8')) as Record<string, { shape: number[]; values: number[] }>;
    const tensors = readCheckpoint(load('legacy_view.pt'), 'legacy_view.pt');
    for (const [name, e] of Object.entries(expected)) {
      expect(tensors.get(name)!.shape).toEqual(e.shape);
      expect(Array.from(toFloat32(tensors.get(name)!))).toEqual(e.values);
    }
  });
});

function error(file: string, bytes = load(file)): CheckpointError {
  try {
    readCheckpoint(bytes, file);
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    expect((e as CheckpointError).file).toBe(file);
    return e as CheckpointError;
  }
  throw new Error(`${file} was read without an error`);
}

describe('refused checkpoints', () => {
  it('a pickle calling os.system in a zip checkpoint names the global', () => {
    expect(error('evil_zip.pt').message).toMatch(/refuses global "posix\.system"/);
  });
  it('a pickle calling os.system in a legacy checkpoint names the global', () => {
    expect(error('evil_legacy.pt').message).toMatch(/refuses global "posix\.system"/);
  });
  it('a pickled nn.Module names its class', () => {
    expect(error('module_zip.pt').message).toMatch(/refuses global "__main__\.Tiny"/);
  });
  it('a TorchScript archive', () => {
    expect(error('torchscript.pt').message).toMatch(/TorchScript archive/);
  });
  it('a zip with deflated entries', () => {
    expect(error('deflated.pt').message).toMatch(/compressed \(deflate\)/);
  });
  it('a truncated zip', () => {
    const full = load('cases.pt');
    for (const keep of [full.length - 1, full.length - 30, Math.floor(full.length / 2), 100, 4]) {
      expect(error('cases.pt', full.subarray(0, keep)).message).toMatch(/zip:/);
    }
  });
  it('a truncated legacy file', () => {
    const full = load('cases_legacy.pt');
    for (const keep of [full.length - 1, full.length - 100, 2000, 200, 16]) {
      expect(error('cases_legacy.pt', full.subarray(0, keep)).message).toMatch(/truncated|runs past|needs/);
    }
  });
  it('a storage record shorter than numel × element size', () => {
    // Legacy: claim one more element in the first storage count header than the pickle declares.
    const bytes = load('legacy_view.pt').slice();
    const at = bytes.length - 12 * 4 - 8;
    new DataView(bytes.buffer).setUint32(at, 13, true);
    expect(error('legacy_view.pt', bytes).message).toMatch(/holds 13 elements, the pickle says 12/);
  });
  it('a corrupted storage byte fails the zip CRC-32', () => {
    const bytes = load('cases.pt').slice();
    const at = bytes.length - 2000; // inside a storage record, before the central directory
    bytes[at] = bytes[at]! ^ 0xff;
    expect(error('cases.pt', bytes).message).toMatch(/CRC-32|zip:/);
  });
});
