// Zip reader through the end-of-central-directory record and the central directory:
// torch.save writes data descriptors with zero sizes in the local headers, so local sizes
// are never trusted. ZIP64 EOCD, ZIP64 extra fields and 64-bit offsets are supported. Stored
// entries are zero-copy views; compressed entries need an injected `inflate` (checkpoints refuse
// them: torch.save never compresses, and refusing removes zip-bomb risk).
//
// Zip bombs: the entry count, the declared uncompressed total and its ratio to the archive's size
// are checked when the directory is read (src/format/limits.ts), so an archive that describes more
// than it could hold is refused before anything is inflated; an entry is inflated only when read,
// into at most its declared size, and its output is checked against that size and its CRC-32.
import { CheckpointError } from '../errors.js';
import { MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, ZIP_RATIO_FLOOR_BYTES } from '../format/limits.js';

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

/**
 * Decompresses raw deflate data to exactly `size` bytes and must never produce more: the declared
 * size is the bound that keeps a bomb from allocating (node:zlib: inflateRawSync with
 * `maxOutputLength: size`, as nodeInflate in src/checkpoint/node_inflate.ts does).
 */
export type Inflate = (data: Uint8Array, size: number) => Uint8Array;

export interface ZipArchive {
  readonly file: string;
  readonly entries: readonly ZipEntry[];
  get(name: string): ZipEntry | undefined;
  /** The entry's bytes: a view for stored entries; CRC-32 checked. */
  read(entry: ZipEntry): Uint8Array;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;

function u64(view: DataView, at: number): number {
  const v = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
  return v; // exact up to 2^53; larger values fail the bounds checks below
}

let crcTables: Uint32Array[] | undefined;

/** CRC-32 (IEEE), slicing-by-8: eight bytes per step, so a 90 MB checkpoint checks in a fraction of a second. */
export function crc32(bytes: Uint8Array): number {
  if (crcTables === undefined) {
    const t0 = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t0[n] = c >>> 0;
    }
    crcTables = [t0];
    for (let k = 1; k < 8; k++) {
      const prev = crcTables[k - 1]!;
      const t = new Uint32Array(256);
      for (let n = 0; n < 256; n++) t[n] = (prev[n]! >>> 8) ^ t0[prev[n]! & 0xff]!;
      crcTables.push(t);
    }
  }
  const [t0, t1, t2, t3, t4, t5, t6, t7] = crcTables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let c = 0xffffffff;
  let i = 0;
  const end8 = bytes.length - (bytes.length % 8);
  for (; i < end8; i += 8) {
    const a = (c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    c = t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
      t3[bytes[i + 4]!]! ^ t2[bytes[i + 5]!]! ^ t1[bytes[i + 6]!]! ^ t0[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) c = t0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** True when the bytes start like a zip archive (local header, or an empty archive's EOCD). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

export function readZip(bytes: Uint8Array, file: string, options: { inflate?: Inflate } = {}): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  const fail = (detail: string, offset?: number): never => {
    throw new CheckpointError(file, `zip: ${detail}`, offset);
  };

  // The EOCD is the last 22 bytes plus a comment of up to 65,535 bytes: search backwards.
  let eocd = -1;
  for (let at = size - 22; at >= Math.max(0, size - 22 - MAX_COMMENT); at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= size) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail(`no end-of-central-directory record (truncated or not a zip; ${size} bytes)`);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);

  // ZIP64: a locator sits right before the EOCD and points at the ZIP64 EOCD record.
  if (eocd >= 20 && view.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const at = u64(view, eocd - 20 + 8);
    if (at + 56 > eocd - 20 || view.getUint32(at, true) !== ZIP64_EOCD) fail('ZIP64 locator points at no ZIP64 end-of-central-directory record', eocd - 20);
    count = u64(view, at + 32);
    cdSize = u64(view, at + 40);
    cdOffset = u64(view, at + 48);
  }
  if (cdOffset + cdSize > size) fail(`central directory [${cdOffset}, ${cdOffset + cdSize}) runs past the end of the file (${size} bytes)`, eocd);
  if (count > MAX_ZIP_ENTRIES) fail(`central directory lists ${count} entries, more than the limit of ${MAX_ZIP_ENTRIES} (MAX_ZIP_ENTRIES)`, cdOffset);
  if (count * 46 > cdSize) fail(`central directory of ${cdSize} bytes cannot hold ${count} entries`, cdOffset);
  // Declared uncompressed bytes may not exceed MAX_ZIP_TOTAL_BYTES, nor MAX_ZIP_RATIO × the archive.
  const maxTotal = Math.min(MAX_ZIP_TOTAL_BYTES, Math.max(ZIP_RATIO_FLOOR_BYTES, MAX_ZIP_RATIO * size));
  let total = 0;

  const entries: ZipEntry[] = [];
  const byName = new Map<string, ZipEntry>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > cdOffset + cdSize || view.getUint32(at, true) !== CENTRAL) fail(`central directory entry ${i} is malformed`, at);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > cdOffset + cdSize) fail(`central directory entry ${i} runs past the directory`, at);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: UTF-8 names; otherwise CP437, read as Latin-1 (identical for ASCII names).
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(rawName);
    // ZIP64 extra field 0x0001 holds, in order, only the fields that are 0xFFFFFFFF above.
    let x = at + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd) {
      const id = view.getUint16(x, true);
      const len = view.getUint16(x + 2, true);
      if (x + 4 + len > xEnd) fail(`entry "${name}" has a malformed extra field`, x);
      if (id === 0x0001) {
        let p = x + 4;
        const take = (): number => {
          if (p + 8 > x + 4 + len) fail(`entry "${name}" has a short ZIP64 extra field`, x);
          const v = u64(view, p);
          p += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = take();
      }
      x += 4 + len;
    }
    if (flags & 0x1) fail(`entry "${name}" is encrypted`, at);
    total += uncompressedSize;
    if (total > maxTotal) {
      fail(`entries declare ${total} uncompressed bytes by entry "${name}", more than the limit of ${maxTotal} for a ${size}-byte archive ` +
        `(MAX_ZIP_RATIO ${MAX_ZIP_RATIO}×, at least ${ZIP_RATIO_FLOOR_BYTES}, at most MAX_ZIP_TOTAL_BYTES ${MAX_ZIP_TOTAL_BYTES})`, at);
    }
    if (localHeaderOffset + 30 > size) fail(`entry "${name}" local header offset ${localHeaderOffset} is past the end`, at);
    const entry: ZipEntry = { name, method, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset };
    if (byName.has(name)) fail(`entry "${name}" appears twice`, at);
    entries.push(entry);
    byName.set(name, entry);
    at = end;
  }

  const read = (entry: ZipEntry): Uint8Array => {
    const lh = entry.localHeaderOffset;
    if (view.getUint32(lh, true) !== LOCAL) fail(`entry "${entry.name}" has no local header at ${lh}`, lh);
    // Data offset uses the LOCAL name/extra lengths (the local extra carries torch's "FB" padding).
    const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
    if (start + entry.compressedSize > size) {
      fail(`entry "${entry.name}" data [${start}, ${start + entry.compressedSize}) runs past the end of the file (${size} bytes; truncated?)`, lh);
    }
    const raw = bytes.subarray(start, start + entry.compressedSize);
    let data: Uint8Array;
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) fail(`stored entry "${entry.name}" has compressed size ${entry.compressedSize} ≠ size ${entry.uncompressedSize}`, lh);
      data = raw;
    } else if (entry.method === 8) {
      if (options.inflate === undefined) {
        fail(`entry "${entry.name}" is compressed (deflate); checkpoint archives must store entries uncompressed, as torch.save does`, lh);
      }
      try {
        data = options.inflate!(raw, entry.uncompressedSize);
      } catch (e) {
        return fail(`entry "${entry.name}" does not inflate to its declared ${entry.uncompressedSize} bytes: ${(e as Error).message}`, lh);
      }
      if (data.byteLength !== entry.uncompressedSize) fail(`entry "${entry.name}" inflated to ${data.byteLength} bytes, expected ${entry.uncompressedSize}`, lh);
    } else {
      return fail(`entry "${entry.name}" uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`, lh);
    }
    if (crc32(data) !== entry.crc32) fail(`entry "${entry.name}" fails its CRC-32 check (corrupt file)`, lh);
    return data;
  };

  return { file, entries, get: (name) => byName.get(name), read };
}
