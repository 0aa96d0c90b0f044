// A minimal zip writer (deflate, no ZIP64) so the demo test can hand the page a *deflated*
// zip of a model folder: that is the path where the in-page converter needs the browser's
// DecompressionStream. Fixture zips written by Python's zipfile are stored, not deflated.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../../src/checkpoint/zip.js';

function filesUnder(dir: string, prefix = ''): [string, Uint8Array][] {
  return readdirSync(dir).sort().flatMap((name): [string, Uint8Array][] => {
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? filesUnder(abs, `${prefix}${name}/`) : [[`${prefix}${name}`, new Uint8Array(readFileSync(abs))]];
  });
}

/** Every file under `dir`, deflated, inside one wrapping folder named `top`. */
export function zipFolder(dir: string, top: string): Uint8Array {
  const enc = new TextEncoder();
  const local: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const entries = filesUnder(dir);
  for (const [path, data] of entries) {
    const name = enc.encode(`${top}/${path}`);
    const packed = new Uint8Array(deflateRawSync(data));
    const crc = crc32(data);
    const h = new DataView(new ArrayBuffer(30));
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(8, 8, true); // deflate
    h.setUint32(14, crc, true);
    h.setUint32(18, packed.byteLength, true);
    h.setUint32(22, data.byteLength, true);
    h.setUint16(26, name.byteLength, true);
    local.push(new Uint8Array(h.buffer), name, packed);
    const c = new DataView(new ArrayBuffer(46));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(10, 8, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, packed.byteLength, true);
    c.setUint32(24, data.byteLength, true);
    c.setUint16(28, name.byteLength, true);
    c.setUint32(42, offset, true);
    central.push(new Uint8Array(c.buffer), name);
    offset += 30 + name.byteLength + packed.byteLength;
  }
  const cdSize = central.reduce((n, b) => n + b.byteLength, 0);
  const e = new DataView(new ArrayBuffer(22));
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, cdSize, true);
  e.setUint32(16, offset, true);
  const parts = [...local, ...central, new Uint8Array(e.buffer)];
  const out = new Uint8Array(parts.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
