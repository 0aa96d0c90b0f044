// Small readers that check one field of a tokenizer file and name its JSON path on failure.
import { TokenizerError } from '../../errors.js';

export type Obj = Record<string, unknown>;

export function asObject(v: unknown, file: string, at: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TokenizerError(file, at, `expected an object, found ${describe(v)}`);
  }
  return v as Obj;
}

export function typeOf(v: unknown, file: string, at: string): string {
  const o = asObject(v, file, at);
  if (typeof o['type'] !== 'string') throw new TokenizerError(file, `${at}.type`, `expected a string, found ${describe(o['type'])}`);
  return o['type'];
}

export function str(o: Obj, key: string, file: string, at: string, fallback?: string): string {
  const v = o[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new TokenizerError(file, `${at}.${key}`, 'is missing');
  }
  if (typeof v !== 'string') throw new TokenizerError(file, `${at}.${key}`, `expected a string, found ${describe(v)}`);
  return v;
}

export function bool(o: Obj, key: string, file: string, at: string, fallback: boolean): boolean {
  const v = o[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw new TokenizerError(file, `${at}.${key}`, `expected true or false, found ${describe(v)}`);
  return v;
}

export function int(o: Obj, key: string, file: string, at: string, fallback?: number): number {
  const v = o[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new TokenizerError(file, `${at}.${key}`, 'is missing');
  }
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TokenizerError(file, `${at}.${key}`, `expected an integer, found ${describe(v)}`);
  return v;
}

export function arr(o: Obj, key: string, file: string, at: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new TokenizerError(file, `${at}.${key}`, `expected an array, found ${describe(v)}`);
  return v;
}

/** `{"String": s}` or `{"Regex": r}`. */
export function pattern(o: Obj, key: string, file: string, at: string): { String: string } | { Regex: string } {
  const p = asObject(o[key], file, `${at}.${key}`);
  if (typeof p['String'] === 'string') return { String: p['String'] };
  if (typeof p['Regex'] === 'string') return { Regex: p['Regex'] };
  throw new TokenizerError(file, `${at}.${key}`, `expected {"String": ...} or {"Regex": ...}, found ${describe(p)}`);
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function unknownType(file: string, at: string, type: string, known: readonly string[]): TokenizerError {
  return new TokenizerError(file, `${at}.type`, `unsupported type ${JSON.stringify(type)}; known: ${known.join(', ')}`);
}
