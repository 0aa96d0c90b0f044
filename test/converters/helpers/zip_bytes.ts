// A minimal zip writer for tests: stored (or deflated) entries, optional data descriptors with
// zero local sizes (as torch.save writes), optional ZIP64 records.
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../src/checkpoint/zip.js';

export interface ZipInput {
  name: string;
  data: Uint8Array;
}

export interface ZipOptions {
  deflate?: boolean;
  dataDescriptors?: boolean;
  zip64?: boolean;
  /** Written into the ZIP64 extra field instead of the real local header offset (entry 0). */
  fakeOffset?: number;
  comment?: string;
}

export function zipFile(entries: ZipInput[], options: ZipOptions = {}): Uint8Array {
  const chunks: number[] = [];
  const u16 = (v: number): void => void chunks.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (v: number): void => { u16(v & 0xffff); u16(Math.floor(v / 65536) & 0xffff); };
  const u64 = (v: number): void => { u32(v % 2 ** 32); u32(Math.floor(v / 2 ** 32)); };
  const bytes = (b: Uint8Array): void => { for (const x of b) chunks.push(x); };
  const central: { name: Uint8Array; crc: number; size: number; csize: number; offset: number; method: number }[] = [];
  const flags = (options.dataDescriptors ? 0x8 : 0) | 0x800;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const method = options.deflate ? 8 : 0;
    const stored = options.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const crc = crc32(e.data);
    const offset = chunks.length;
    u32(0x04034b50); u16(20); u16(flags); u16(method); u16(0); u16(0);
    if (options.dataDescriptors) { u32(0); u32(0); u32(0); } else { u32(crc); u32(stored.length); u32(e.data.length); }
    u16(name.length); u16(0); bytes(name); bytes(stored);
    if (options.dataDescriptors) { u32(0x08074b50); u32(crc); u32(stored.length); u32(e.data.length); }
    central.push({ name, crc, size: e.data.length, csize: stored.length, offset, method });
  }
  const cdOffset = chunks.length;
  for (const [i, c] of central.entries()) {
    const big = options.zip64 === true;
    const extra = big ? 28 : 0;
    u32(0x02014b50); u16(45); u16(45); u16(flags); u16(c.method); u16(0); u16(0); u32(c.crc);
    u32(big ? 0xffffffff : c.csize); u32(big ? 0xffffffff : c.size);
    u16(c.name.length); u16(extra); u16(0); u16(0); u16(0); u32(0);
    u32(big ? 0xffffffff : c.offset);
    bytes(c.name);
    if (big) { u16(1); u16(24); u64(c.size); u64(c.csize); u64(i === 0 && options.fakeOffset !== undefined ? options.fakeOffset : c.offset); }
  }
  const cdSize = chunks.length - cdOffset;
  if (options.zip64) {
    const z64 = chunks.length;
    u32(0x06064b50); u64(44); u16(45); u16(45); u32(0); u32(0); u64(central.length); u64(central.length); u64(cdSize); u64(cdOffset);
    u32(0x07064b50); u32(0); u64(z64); u32(1);
  }
  const comment = new TextEncoder().encode(options.comment ?? '');
  u32(0x06054b50); u16(0); u16(0);
  u16(options.zip64 ? 0xffff : central.length); u16(options.zip64 ? 0xffff : central.length);
  u32(options.zip64 ? 0xffffffff : cdSize); u32(options.zip64 ? 0xffffffff : cdOffset); u16(comment.length); bytes(comment);
  return new Uint8Array(chunks);
}
