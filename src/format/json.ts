// The one JSON parser for model files: every config, manifest, index and tokenizer file goes
// through parseJson, so a broken file always fails the same way, with a JsonFileError naming it.
// Nesting is bounded (MAX_JSON_DEPTH) before parsing: the readers walk the parsed value
// recursively, and a deep file would otherwise end in a RangeError from the stack.
import { JsonFileError } from '../errors.js';
import { MAX_JSON_DEPTH } from './limits.js';

/**
 * The code-unit offset at which `text` first nests deeper than `max` arrays/objects,
 * or -1. Brackets inside strings do not count.
 */
export function jsonTooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** `text` (or UTF-8 bytes) parsed as JSON; JsonFileError naming `file` when it is not JSON or nests too deep. */
export function parseJson(text: string | Uint8Array, file: string): unknown {
  const s = typeof text === 'string' ? text : new TextDecoder('utf-8').decode(text);
  const deep = jsonTooDeepAt(s);
  if (deep >= 0) throw new JsonFileError(file, `nests deeper than ${MAX_JSON_DEPTH} arrays/objects at position ${deep} (MAX_JSON_DEPTH)`);
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    throw new JsonFileError(file, (e as Error).message);
  }
}
