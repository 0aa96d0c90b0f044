// Field readers for config files (STYLE.md P5): each reads one field, applies the default
// stated by the caller, and throws ConfigError(file, field, expected + found) on anything else.
import { ConfigError } from '../errors.js';

export type JsonObject = Record<string, unknown>;

/** The file's top level must be a JSON object. */
export function asObject(json: unknown, file: string, field = '(root)'): JsonObject {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(file, field, `must be an object, found ${describe(json)}`);
  }
  return json as JsonObject;
}

/** A short description of a found value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** An integer field; `min` is inclusive. Missing (or null) takes `fallback` when given. */
export function int(json: JsonObject, field: string, file: string, fallback?: number, min = 0): number {
  const value = json[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ConfigError(file, field, `must be an integer, found ${describe(json[field])}`);
  }
  if (value < min) throw new ConfigError(file, field, `must be >= ${min}, found ${value}`);
  return value;
}

/** A finite number field, optionally strictly positive. */
export function float(json: JsonObject, field: string, file: string, fallback?: number, positive = false): number {
  const value = json[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ConfigError(file, field, `must be a finite number, found ${describe(json[field])}`);
  }
  if (positive && value <= 0) throw new ConfigError(file, field, `must be > 0, found ${value}`);
  return value;
}

/** A dropout rate: a number in [0, 1). */
export function probability(json: JsonObject, field: string, file: string, fallback: number): number {
  const value = float(json, field, file, fallback);
  if (value < 0 || value >= 1) throw new ConfigError(file, field, `must be in [0, 1), found ${value}`);
  return value;
}

export function bool(json: JsonObject, field: string, file: string, fallback?: boolean): boolean {
  const value = json[field] ?? fallback;
  if (typeof value !== 'boolean') {
    throw new ConfigError(file, field, `must be true or false, found ${describe(json[field])}`);
  }
  return value;
}

export function str(json: JsonObject, field: string, file: string, fallback?: string): string {
  const value = json[field] ?? fallback;
  if (typeof value !== 'string') throw new ConfigError(file, field, `must be a string, found ${describe(json[field])}`);
  return value;
}

/** A string field restricted to `allowed`; the error lists them. */
export function oneOf<T extends string>(
  json: JsonObject, field: string, file: string, allowed: readonly T[], fallback?: T,
): T {
  const value = json[field] ?? fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(file, field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${describe(json[field])}`);
  }
  return value as T;
}
