// Builds safetensors files byte by byte for tests (headers padded with spaces to 8 bytes, as the
// reference writer does), so bad headers can be crafted precisely.

export interface StEntry {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** A header object → a complete file; `data` is appended as is after the header. */
export function safetensorsFromHeader(header: unknown, data: Uint8Array, pad = true): Uint8Array {
  let json = JSON.stringify(header);
  if (pad) while ((8 + json.length) % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

/** Packs entries in order with correct data_offsets. */
export function safetensorsFile(entries: Record<string, StEntry>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header['__metadata__'] = metadata;
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, e] of Object.entries(entries)) {
    header[name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + e.bytes.length] };
    offset += e.bytes.length;
    chunks.push(e.bytes);
  }
  const data = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return safetensorsFromHeader(header, data);
}

export function f32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}
