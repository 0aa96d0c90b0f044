// Field readers for the JSON files of a model folder (configs, module configs, tokenizer files):
// each reads one field, applies the default the caller states, and throws on anything else with
// the file, the field's JSON path, what was expected and what was found. Config files report a
// ConfigError; a caller that reports its own error type (the tokenizer's TokenizerError) passes a
// JsonPlace with it.
import { ConfigError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

/** Makes the error a reader throws: the file, the field's JSON path, and what is wrong with it. */
export type FieldError = (file: string, field: string, detail: string) => Error;

/**
 * Where fields are read. A file name alone: fields are named by their key and errors are
 * ConfigErrors. An object: `at` is the JSON path of the object holding the fields ('' = the top
 * level), prefixed to each key, and `error` makes the error.
 */
export type JsonPlace = string | { readonly file: string; readonly at: string; readonly error: FieldError };

const configError: FieldError = (file, field, detail) => new ConfigError(file, field, detail);

function fail(place: JsonPlace, field: string, detail: string): Error {
  if (typeof place === 'string') return configError(place, field, detail);
  return place.error(place.file, place.at === '' ? field : `${place.at}.${field}`, detail);
}

/** A short description of a found value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `json` must be a JSON object (not null, not an array); `field` names it in the error. */
export function asObject(json: unknown, place: JsonPlace, field = '(root)'): JsonObject {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw fail(place, field, `must be an object, found ${describe(json)}`);
  }
  return json as JsonObject;
}

/** An integer field; `min` is inclusive. Missing (or null) takes `fallback` when given. */
export function int(json: JsonObject, field: string, place: JsonPlace, fallback?: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const value = json[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(place, field, `must be an integer, found ${describe(json[field])}`);
  if (value < min) throw fail(place, field, `must be >= ${min}, found ${value}`);
  if (value > max) throw fail(place, field, `must be <= ${max}, found ${value}`);
  return value;
}

/** An optional integer field: undefined when missing (or null). */
export function optionalInt(json: JsonObject, field: string, place: JsonPlace, min = 0): number | undefined {
  return json[field] === undefined || json[field] === null ? undefined : int(json, field, place, undefined, min);
}

/** A finite number field, optionally strictly positive. */
export function float(json: JsonObject, field: string, place: JsonPlace, fallback?: number, positive = false): number {
  const value = json[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(place, field, `must be a finite number, found ${describe(json[field])}`);
  if (positive && value <= 0) throw fail(place, field, `must be > 0, found ${value}`);
  return value;
}

/** A dropout rate: a number in [0, 1). */
export function probability(json: JsonObject, field: string, place: JsonPlace, fallback: number): number {
  const value = float(json, field, place, fallback);
  if (value < 0 || value >= 1) throw fail(place, field, `must be in [0, 1), found ${value}`);
  return value;
}

export function bool(json: JsonObject, field: string, place: JsonPlace, fallback?: boolean): boolean {
  const value = json[field] ?? fallback;
  if (typeof value !== 'boolean') throw fail(place, field, `must be true or false, found ${describe(json[field])}`);
  return value;
}

export function str(json: JsonObject, field: string, place: JsonPlace, fallback?: string): string {
  const value = json[field] ?? fallback;
  if (typeof value !== 'string') throw fail(place, field, `must be a string, found ${describe(json[field])}`);
  return value;
}

/** A string field restricted to `allowed`; the error lists them. */
export function oneOf<T extends string>(json: JsonObject, field: string, place: JsonPlace, allowed: readonly T[], fallback?: T): T {
  const value = json[field] ?? fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw fail(place, field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${describe(json[field])}`);
  }
  return value as T;
}

/** An array field (no default: a missing one is an error). */
export function arr(json: JsonObject, field: string, place: JsonPlace): unknown[] {
  const value = json[field];
  if (!Array.isArray(value)) throw fail(place, field, `must be an array, found ${describe(value)}`);
  return value;
}
