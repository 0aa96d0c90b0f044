// The model-folder JSON field readers (src/format/json_fields.ts) as the tokenizer stages call
// them: each takes the JSON path `at` of the object it reads from and reports a TokenizerError
// naming the file and the field's full path. typeOf, pattern and unknownType are tokenizer.json's
// own shapes.
import { TokenizerError } from '../../errors.js';
import * as fields from '../../format/json_fields.js';
import type { FieldError, JsonPlace } from '../../format/json_fields.js';

export type Obj = fields.JsonObject;
export { describe } from '../../format/json_fields.js';

const tokenizerError: FieldError = (file, field, detail) => new TokenizerError(file, field, detail);
const place = (file: string, at: string): JsonPlace => ({ file, at, error: tokenizerError });

export function asObject(v: unknown, file: string, at: string): Obj {
  return fields.asObject(v, place(file, ''), at);
}

export function typeOf(v: unknown, file: string, at: string): string {
  return fields.str(asObject(v, file, at), 'type', place(file, at));
}

export function str(o: Obj, key: string, file: string, at: string, fallback?: string): string {
  return fields.str(o, key, place(file, at), fallback);
}

export function bool(o: Obj, key: string, file: string, at: string, fallback: boolean): boolean {
  return fields.bool(o, key, place(file, at), fallback);
}

/** Any integer (ids and offsets are checked against their tables by the caller). */
export function int(o: Obj, key: string, file: string, at: string, fallback?: number): number {
  return fields.int(o, key, place(file, at), fallback, Number.MIN_SAFE_INTEGER);
}

export function arr(o: Obj, key: string, file: string, at: string): unknown[] {
  return fields.arr(o, key, place(file, at));
}

/** `{"String": s}` or `{"Regex": r}`. */
export function pattern(o: Obj, key: string, file: string, at: string): { String: string } | { Regex: string } {
  const p = asObject(o[key], file, `${at}.${key}`);
  if (typeof p['String'] === 'string') return { String: p['String'] };
  if (typeof p['Regex'] === 'string') return { Regex: p['Regex'] };
  throw new TokenizerError(file, `${at}.${key}`, `expected {"String": ...} or {"Regex": ...}, found ${fields.describe(p)}`);
}

export function unknownType(file: string, at: string, type: string, known: readonly string[]): TokenizerError {
  return new TokenizerError(file, `${at}.type`, `unsupported type ${JSON.stringify(type)}; known: ${known.join(', ')}`);
}
