// Node's raw-deflate inflate for readZip (zip.ts): the output is bounded by the entry's declared
// size, so an entry that inflates further (a bomb that lies about its size) fails inside zlib
// before it allocates more. A stream that ends short is reported by readZip's size check.
import { inflateRawSync } from 'node:zlib';

export function nodeInflate(data: Uint8Array, size: number): Uint8Array {
  // maxOutputLength must be ≥ 1; a 0-byte entry inflating to anything is caught by readZip's size check.
  const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
