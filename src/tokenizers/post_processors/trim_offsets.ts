// tokenizers' byte-level process_offsets: with trim_offsets, a token's offsets lose the leading
// and trailing spaces ('Ġ' or whitespace) it carries; a single leading space that the
// pre-tokenizer added itself (add_prefix_space) is kept on the first token.
import type { Encoding } from '../encoding.js';
import { isWhitespace } from '../util/unicode.js';

const SPACE = '\u0120'; // 'Ġ', the byte-level character of ' '

export function trimOffsets(e: Encoding, addPrefixSpace: boolean): Encoding {
  const offsets = e.offsets.map(([a, b], i): [number, number] => {
    const chars = Array.from(e.tokens[i]!);
    const isSpace = (c: string): boolean => c === SPACE || isWhitespace(c);
    let lead = 0;
    while (lead < chars.length && isSpace(chars[lead]!)) lead++;
    let trail = 0;
    while (trail < chars.length && isSpace(chars[chars.length - 1 - trail]!)) trail++;
    if (lead > 0 && (i === 0 || a === 0) && addPrefixSpace && lead === 1) lead = 0;
    let start = a;
    let end = b;
    if (lead > 0) start = Math.min(a + lead, b);
    if (trail > 0 && end >= trail) end = Math.max(end - trail, start);
    return [start, end];
  });
  return { ...e, offsets };
}
