import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { crc32, readZip } from '../../src/checkpoint/index.js';
import { zipFile } from './helpers/zip_bytes.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const ENTRIES = [{ name: 'a/data.pkl', data: enc('hello') }, { name: 'a/data/0', data: enc('x'.repeat(300)) }, { name: 'a/é.txt', data: enc('') }];
const inflate = (d: Uint8Array, size: number): Uint8Array => new Uint8Array(inflateRawSync(d, { maxOutputLength: Math.max(size, 1) }));

describe('zip reader', () => {
  it('crc32 of "123456789" is cbf43926', () => {
    expect(crc32(enc('123456789')).toString(16)).toBe('cbf43926');
  });

  it.each([
    ['plain', {}],
    ['data descriptors with zero local sizes', { dataDescriptors: true }],
    ['ZIP64 records and extra fields', { zip64: true, dataDescriptors: true }],
    ['an archive comment', { comment: 'made by a test' }],
  ])('reads entries through the central directory: %s', (_, options) => {
    const zip = readZip(zipFile(ENTRIES, options), 't.zip');
    expect(zip.entries.map((e) => e.name)).toEqual(ENTRIES.map((e) => e.name));
    for (const e of ENTRIES) expect(dec(zip.read(zip.get(e.name)!))).toBe(dec(e.data));
  });

  it('a ZIP64 offset above 4 GiB is read as a 64-bit value (and refused as past the end)', () => {
    expect(() => readZip(zipFile(ENTRIES, { zip64: true, fakeOffset: 5_000_000_000 }), 'big.zip')).toThrow(/local header offset 5000000000 is past the end/);
  });

  it('deflated entries: refused without inflate, read with it', () => {
    const bytes = zipFile(ENTRIES, { deflate: true, dataDescriptors: true });
    const zip = readZip(bytes, 'd.zip');
    expect(() => zip.read(zip.get('a/data/0')!)).toThrow(/d\.zip: zip: entry "a\/data\/0" is compressed \(deflate\)/);
    const withInflate = readZip(bytes, 'd.zip', { inflate });
    expect(dec(withInflate.read(withInflate.get('a/data/0')!))).toBe('x'.repeat(300));
  });

  it('refuses truncated archives, random bytes and corrupted data with CheckpointErrors', () => {
    const bytes = zipFile(ENTRIES);
    for (const n of [0, 3, 21, 40, bytes.length - 23, bytes.length - 1]) {
      expect(() => { const z = readZip(bytes.subarray(0, n), 't.zip'); z.entries.forEach((e) => z.read(e)); }).toThrow(CheckpointError);
    }
    expect(() => readZip(new Uint8Array(1000).fill(7), 'r.zip')).toThrow(/no end-of-central-directory/);
    const corrupt = bytes.slice();
    corrupt[ENTRIES[0]!.name.length + 30 + 1]! ^= 1; // a byte of the first entry's data
    const z = readZip(corrupt, 'c.zip');
    expect(() => z.read(z.get('a/data.pkl')!)).toThrow(/CRC-32/);
  });
});
