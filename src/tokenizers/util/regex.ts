// Patterns in tokenizer.json are Oniguruma / Rust-regex syntax, where \s \w \d are Unicode-aware.
// JavaScript's `u` flag keeps \w and \d ASCII-only and its \s differs from White_Space on U+0085
// and U+FEFF, so those escapes are rewritten to explicit properties. Patterns that would
// backtrack exponentially (a repetition inside a repetition) are refused by name.
import { MAX_PATTERN_LENGTH } from '../../format/limits.js';

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

/**
 * The first group of `pattern` that repeats a part which itself repeats — `(a+)+`, `(\s*x)*`,
 * `(?:(a|b)+c){2,}` — or null. JavaScript's RegExp backtracks with no limit, and such a nesting
 * backtracks exponentially on an input that almost matches (`(a+)+$` on 29 characters took 45 s);
 * the reference's Oniguruma gives up at its retry limit instead. Possessive quantifiers (`++`,
 * `*+`) never backtrack and are allowed.
 */
export function nestedQuantifier(pattern: string): string | null {
  /** An open group: where it starts and whether it holds a part that can match in several ways. */
  interface Frame { start: number; repeats: boolean }
  const stack: Frame[] = [{ start: 0, repeats: false }];
  /**
   * The quantifier at `i`: its length, whether it repeats (max > 1), whether it varies (max > min:
   * the part it applies to can match in several ways) and whether it is possessive.
   */
  const quantifier = (i: number): { length: number; repeats: boolean; varies: boolean; possessive: boolean } | null => {
    const c = pattern[i];
    let length = 1;
    let [min, max] = [0, 1];
    if (c === '*') max = Infinity;
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
      if (m === null) return null;
      length = m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else if (c !== '?') return null;
    const after = pattern[i + length];
    const possessive = after === '+';
    if (after === '?' || after === '+') length++;
    return { length, repeats: max > 1, varies: max > min, possessive };
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    let atomEnd = i + 1;
    let inner = false; // the atom just read repeats inside (a group that contains a repetition)
    let groupStart = -1;
    if (c === '\\') atomEnd = i + 2;
    else if (c === '[') {
      // A class, nested classes included (Oniguruma allows [a-z&&[^x]]).
      let depth = 0;
      let k = i;
      for (; k < pattern.length; k++) {
        if (pattern[k] === '\\') k++;
        else if (pattern[k] === '[') depth++;
        else if (pattern[k] === ']' && --depth === 0) break;
      }
      atomEnd = k + 1;
    } else if (c === '(') {
      stack.push({ start: i, repeats: false });
      continue;
    } else if (c === ')') {
      const frame = stack.length > 1 ? stack.pop()! : { start: 0, repeats: false };
      inner = frame.repeats;
      groupStart = frame.start;
    } else if (c === '|' || c === '^' || c === '$') continue;
    const q = quantifier(atomEnd);
    const top = stack[stack.length - 1]!;
    if (q !== null) {
      if (q.repeats && inner && !q.possessive) return pattern.slice(groupStart, atomEnd + q.length);
      if (q.varies && !q.possessive) top.repeats = true;
      i = atomEnd + q.length - 1;
    } else i = atomEnd - 1;
    if (inner) top.repeats = true;
  }
  return null;
}

/** A global, Unicode RegExp from an Oniguruma pattern; `file`/`at` name the field on failure. */
export function compilePattern(pattern: string, onError: (detail: string) => Error): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw onError(`pattern of ${pattern.length} characters is longer than the limit of ${MAX_PATTERN_LENGTH} (MAX_PATTERN_LENGTH)`);
  }
  const nested = nestedQuantifier(pattern);
  if (nested !== null) {
    throw onError(`pattern ${JSON.stringify(pattern)} repeats a repetition in ${JSON.stringify(nested)}, which backtracks exponentially in a JavaScript RegExp; refused`);
  }
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
