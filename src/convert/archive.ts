// A model folder packed as a .zip (the v0.2 download server served these): entries → an in-memory
// folder. Deflated entries need an injected inflate (node:zlib in the CLI; fflate or similar in a
// browser); a single top-level folder wrapping everything is stripped.
import { CheckpointError } from '../errors.js';
import { readZip } from '../checkpoint/zip.js';
import type { Inflate, ZipArchive } from '../checkpoint/zip.js';

/**
 * True when the archive is written by torch (torch.save or torch.jit.save: every entry under one
 * folder that holds data.pkl), not a zipped model folder.
 */
export function isTorchArchive(zip: ZipArchive): boolean {
  const first = zip.entries[0]?.name ?? '';
  const prefix = first.slice(0, first.indexOf('/') + 1);
  return prefix !== '' && zip.get(`${prefix}data.pkl`) !== undefined && zip.entries.every((e) => e.name.startsWith(prefix));
}

/** Files of a zipped model folder, by '/'-separated relative path. */
export function unpackModelZip(bytes: Uint8Array, file: string, inflate?: Inflate): Map<string, Uint8Array> {
  const zip = readZip(bytes, file, inflate === undefined ? {} : { inflate });
  const files = new Map<string, Uint8Array>();
  for (const entry of zip.entries) {
    if (entry.name.endsWith('/')) continue; // folder entries
    const parts = entry.name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
    if (entry.name.startsWith('/') || parts.includes('..')) throw new CheckpointError(file, `zip entry "${entry.name}" would leave the model folder`);
    if (parts[0] === '__MACOSX' || parts.some((p) => p.startsWith('._'))) continue; // macOS resource forks
    files.set(parts.join('/'), zip.read(entry));
  }
  // Strip one wrapping folder ("model/modules.json" → "modules.json").
  const tops = new Set([...files.keys()].map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : '')));
  if (tops.size === 1 && !tops.has('')) {
    const top = [...tops][0]!;
    return new Map([...files].map(([p, b]) => [p.slice(top.length + 1), b]));
  }
  return files;
}
