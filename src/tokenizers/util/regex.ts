// Patterns in tokenizer.json are Oniguruma / Rust-regex syntax, where \s \w \d are Unicode-aware.
// JavaScript's `u` flag keeps \w and \d ASCII-only and its \s differs from White_Space on U+0085
// and U+FEFF, so those escapes are rewritten to explicit properties.

const IN_CLASS: Readonly<Record<string, string>> = {
  s: '\\p{White_Space}',
  w: '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}',
  d: '\\p{Nd}',
};
const NEGATED: Readonly<Record<string, string>> = { S: 's', W: 'w', D: 'd' };

/** Rewrites an Oniguruma pattern into an equivalent JavaScript source for a `u`-flag RegExp. */
export function toJsPattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const e = pattern[i + 1]!;
      i++;
      const pos = IN_CLASS[e];
      const neg = NEGATED[e];
      if (pos !== undefined) out += inClass ? pos : `[${pos}]`;
      else if (neg !== undefined) {
        // A negated escape inside a class has no flat form; only \s's has a property negation.
        if (inClass && neg === 's') out += '\\P{White_Space}';
        else if (inClass) throw new Error(`\\${e} inside a character class is not supported`);
        else out += `[^${IN_CLASS[neg]!}]`;
      } else if (e === 'A') out += '^';
      else if (e === 'z' || e === 'Z') out += '$';
      else if (e === 'h') out += inClass ? '0-9a-fA-F' : '[0-9a-fA-F]';
      else out += `\\${e}`;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

/** A global, Unicode RegExp from an Oniguruma pattern; `file`/`at` name the field on failure. */
export function compilePattern(pattern: string, onError: (detail: string) => Error): RegExp {
  try {
    return new RegExp(toJsPattern(pattern), 'gu');
  } catch (e) {
    throw onError(`pattern ${JSON.stringify(pattern)} cannot be used: ${(e as Error).message}`);
  }
}

/** Escapes a literal string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
