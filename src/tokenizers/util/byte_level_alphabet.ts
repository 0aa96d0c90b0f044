// GPT-2's bytes_to_unicode (minGPT bpe.py): every byte gets a printable code point so BPE can
// work on strings. Printable Latin-1 bytes map to themselves, the other 68 to U+0100.. in order.

function buildByteToChar(): string[] {
  const table: string[] = new Array<string>(256);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCodePoint(printable ? b : 256 + n++);
  }
  return table;
}

/** byte -> one-character string. */
export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

/** one-character string -> byte. */
export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((c, b) => [c, b]));

const encoder = new TextEncoder();

/** The byte-level characters of one code point (1-4 of them). */
export function byteLevelChars(cp: string): string[] {
  const code = cp.codePointAt(0)!;
  if (code < 0x80) return [BYTE_TO_CHAR[code]!];
  return Array.from(encoder.encode(cp), (b) => BYTE_TO_CHAR[b]!);
}

/** Inverse mapping for decoding: byte-level string -> UTF-8 text (invalid bytes -> U+FFFD). */
export function byteLevelDecode(s: string): string {
  const bytes: number[] = [];
  for (const c of s) {
    const b = CHAR_TO_BYTE.get(c);
    if (b === undefined) bytes.push(...encoder.encode(c));
    else bytes.push(b);
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(bytes));
}
