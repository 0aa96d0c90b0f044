// SentencePiece's precompiled_charsmap: a Darts-clone double-array trie over
// UTF-8 bytes whose values are offsets into a pool of NUL-terminated replacement strings.

export class PrecompiledCharsmap {
  private readonly units: Uint32Array;
  private readonly pool: Uint8Array;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly encoder = new TextEncoder();

  /** `onError(detail)` builds the error that names the file and field. */
  constructor(blob: Uint8Array, onError: (detail: string) => Error) {
    if (blob.length < 4) throw onError(`is ${blob.length} bytes; expected at least 4`);
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    const trieSize = view.getUint32(0, true);
    if (trieSize % 4 !== 0 || 4 + trieSize > blob.length) {
      throw onError(`declares a ${trieSize}-byte trie but holds ${blob.length - 4} bytes after the size`);
    }
    this.units = new Uint32Array(trieSize / 4);
    for (let k = 0; k < this.units.length; k++) this.units[k] = view.getUint32(4 + 4 * k, true);
    this.pool = blob.subarray(4 + trieSize);
  }

  /** Value of the shortest key that is a prefix of `bytes`, or -1 (spm_precompiled takes results[0]). */
  private firstPrefixValue(bytes: Uint8Array): number {
    const u = this.units;
    if (u.length === 0) return -1;
    let pos = offsetOf(u[0]!);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      pos ^= b;
      const c = u[pos];
      if (c === undefined || (c & 0x800000ff) >>> 0 !== b) return -1;
      pos ^= offsetOf(c);
      if (((c >>> 8) & 1) === 1) return u[pos]! & 0x7fffffff;
    }
    return -1;
  }

  /** The replacement for a chunk of text (Hugging Face `Precompiled::transform`), or null. */
  transform(chunk: string): string | null {
    const value = this.firstPrefixValue(this.encoder.encode(chunk));
    if (value < 0) return null;
    let end = value;
    while (end < this.pool.length && this.pool[end] !== 0) end++;
    return this.decoder.decode(this.pool.subarray(value, end));
  }
}

function offsetOf(unit: number): number {
  return (unit >>> 10) << ((unit & 0x200) >>> 6);
}

/** base64 (tokenizer.json's `precompiled_charsmap`) -> bytes, without Node's Buffer. */
export function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
