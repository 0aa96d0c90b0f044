// Zip bombs: an archive that declares more than it could hold is refused when its directory is
// read; an entry that inflates past its declared size fails inside zlib; entries the converter
// does not use are never inflated.
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../converters/node.js';
import { readZip } from '../../src/checkpoint/index.js';
import { nodeInflate } from '../../src/checkpoint/node_inflate.js';
import { convertModel } from '../../src/convert/convert.js';
import { CheckpointError } from '../../src/errors.js';
import { MAX_ZIP_ENTRIES } from '../../src/format/limits.js';
import { zipFile } from './helpers/zip_bytes.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Offsets of the central directory headers, in order. */
function centralHeaders(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === 0x02014b50) out.push(i);
  return out;
}

/** Rewrites entry `k`'s declared uncompressed size in the central directory. */
function declareSize(bytes: Uint8Array, k: number, size: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(centralHeaders(out)[k]! + 24, size, true);
  return out;
}

describe('zip bombs', () => {
  it('an archive declaring more than MAX_ZIP_RATIO × its size is refused before inflating', () => {
    // 132 bytes of archive declaring 4 GB (the report's 4.3 MB archive declared 5.3 GB).
    const bytes = declareSize(zipFile([{ name: 'm/a.txt', data: enc('a') }], { deflate: true }), 0, 0xfffffff0);
    expect(() => readZip(bytes, 'bomb.zip', { inflate: nodeInflate })).toThrow(
      /bomb\.zip: zip: entries declare 4294967280 uncompressed bytes by entry "m\/a\.txt", more than the limit of 67108864 for a \d+-byte archive \(MAX_ZIP_RATIO 100×/);
  });

  it('an entry that inflates past its declared size fails in zlib, without inflating the rest', () => {
    const zeros = new Uint8Array(1 << 20); // 1 MiB of zeros deflates to ~1 KB
    const bytes = declareSize(zipFile([{ name: 'm/zeros.bin', data: zeros }], { deflate: true }), 0, 16);
    const zip = readZip(bytes, 'liar.zip', { inflate: nodeInflate });
    const read = (): Uint8Array => zip.read(zip.get('m/zeros.bin')!);
    expect(read).toThrow(CheckpointError);
    expect(read).toThrow(/liar\.zip: zip: entry "m\/zeros\.bin" does not inflate to its declared 16 bytes: .*(larger|maxOutputLength|buffer)/i);
  });

  it('nodeInflate returns exactly the declared bytes of an honest entry', () => {
    const data = enc('x'.repeat(1000));
    expect(nodeInflate(new Uint8Array(deflateRawSync(data)), 1000)).toEqual(data);
  });

  it('more entries than MAX_ZIP_ENTRIES are refused from the end record alone', () => {
    const bytes = zipFile([{ name: 'm/a', data: enc('a') }]);
    // EOCD: entry counts at +8 and +10.
    const out = bytes.slice();
    const view = new DataView(out.buffer);
    const eocd = out.length - 22;
    view.setUint16(eocd + 8, 0xffff, true);
    view.setUint16(eocd + 10, 0xffff, true);
    expect(MAX_ZIP_ENTRIES).toBe(10_000);
    expect(() => readZip(out, 'many.zip')).toThrow(/many\.zip: zip: central directory lists 65535 entries, more than the limit of 10000 \(MAX_ZIP_ENTRIES\)/);
  });

  it('entries the converter does not use are never inflated', () => {
    const folder = readModelFolder(join(import.meta.dirname, '..', 'fixtures', 'models', 'tiny-bert'));
    const entries = [...folder].map(([path, data]) => ({ name: path, data }));
    entries.push({ name: 'onnx/model.onnx', data: enc('o'.repeat(4096)) }, { name: 'README_assets/big.txt', data: enc('r'.repeat(4096)) });
    const good = zipFile(entries, { deflate: true });
    // Corrupt the deflate stream of the two unused entries: reading either would fail its CRC or inflate.
    const bytes = good.slice();
    const zip = readZip(bytes, 'm.zip');
    for (const name of ['onnx/model.onnx', 'README_assets/big.txt']) {
      const e = zip.get(name)!;
      const view = new DataView(bytes.buffer);
      const start = e.localHeaderOffset + 30 + view.getUint16(e.localHeaderOffset + 26, true) + view.getUint16(e.localHeaderOffset + 28, true);
      bytes.fill(0xff, start, start + e.compressedSize);
    }
    const inflated: string[] = [];
    const spy = (d: Uint8Array, size: number): Uint8Array => {
      inflated.push(String(size));
      return nodeInflate(d, size);
    };
    const result = convertModel(bytes, 'm.zip', { inflate: spy });
    expect(result.input).toBe('zip');
    expect(result.files.has('model.json')).toBe(true);
    expect(result.files.has('onnx/model.onnx')).toBe(false);
    expect(inflated.length).toBe(folder.size); // the folder's own files, each once; the two unused entries never
  });
});
