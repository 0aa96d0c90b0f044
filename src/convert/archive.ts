// A model folder packed as a .zip (the v0.2 download server served these): entries → an in-memory
// folder. Deflated entries need an injected inflate (node:zlib in the CLI; fflate or similar in a
// browser); a single top-level folder wrapping everything is stripped.
import { CheckpointError } from '../errors.js';
import { readZip } from '../checkpoint/zip.js';
import type { Inflate, ZipArchive, ZipEntry } from '../checkpoint/zip.js';

/**
 * True when the archive is written by torch (torch.save or torch.jit.save: every entry under one
 * folder that holds data.pkl), not a zipped model folder.
 */
export function isTorchArchive(zip: ZipArchive): boolean {
  const first = zip.entries[0]?.name ?? '';
  const prefix = first.slice(0, first.indexOf('/') + 1);
  return prefix !== '' && zip.get(`${prefix}data.pkl`) !== undefined && zip.entries.every((e) => e.name.startsWith(prefix));
}

/**
 * The files of a zipped model folder, read on demand: `get` inflates an entry the first time it
 * is asked for, so entries the converter never reads (other frameworks' weights, unused folders)
 * are never inflated. Iterating the values reads every entry; the converter iterates the keys.
 */
class ZipFolder implements ReadonlyMap<string, Uint8Array> {
  private readonly read = new Map<string, Uint8Array>();

  constructor(private readonly zip: ZipArchive, private readonly names: ReadonlyMap<string, ZipEntry>) {}

  get size(): number {
    return this.names.size;
  }

  has(path: string): boolean {
    return this.names.has(path);
  }

  get(path: string): Uint8Array | undefined {
    const hit = this.read.get(path);
    if (hit !== undefined) return hit;
    const entry = this.names.get(path);
    if (entry === undefined) return undefined;
    const bytes = this.zip.read(entry);
    this.read.set(path, bytes);
    return bytes;
  }

  keys(): MapIterator<string> {
    return this.names.keys();
  }

  *entries(): MapIterator<[string, Uint8Array]> {
    for (const path of this.names.keys()) yield [path, this.get(path)!];
  }

  *values(): MapIterator<Uint8Array> {
    for (const path of this.names.keys()) yield this.get(path)!;
  }

  forEach(fn: (value: Uint8Array, key: string, map: ReadonlyMap<string, Uint8Array>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries();
  }
}

/** Files of a zipped model folder, by '/'-separated relative path; entries are inflated when read. */
export function unpackModelZip(bytes: Uint8Array, file: string, inflate?: Inflate): ReadonlyMap<string, Uint8Array> {
  const zip = readZip(bytes, file, inflate === undefined ? {} : { inflate });
  const names = new Map<string, ZipEntry>();
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/')) continue; // folder entries
    const parts = entry.name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    if (entry.name.startsWith('/') || parts.includes('..')) throw new CheckpointError(file, `zip entry "${entry.name}" would leave the model folder`);
    if (parts[0] === '__MACOSX' || parts.some((p) => p.startsWith('._'))) continue; // macOS resource forks
    names.set(parts.join('/'), entry);
  }
  // Strip one wrapping folder ("model/modules.json" → "modules.json").
  const tops = new Set([...names.keys()].map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : '')));
  if (tops.size === 1 && !tops.has('')) {
    const top = [...tops][0]!;
    return new ZipFolder(zip, new Map([...names].map(([p, e]) => [p.slice(top.length + 1), e])));
  }
  return new ZipFolder(zip, names);
}
