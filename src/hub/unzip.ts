// A zipped model folder (e.g. a v0.2 release archive) -> path -> bytes, through the converter's
// zip reader. When every entry sits under one top-level folder, that folder is dropped.
import { readZip, type Inflate } from '../../converters/checkpoint/zip.js';
import { SourceError } from '../errors.js';

export function unzipFolder(bytes: Uint8Array, file: string, inflate?: Inflate): Map<string, Uint8Array> {
  const zip = readZip(bytes, file, inflate === undefined ? {} : { inflate });
  const entries = zip.entries.filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/'));
  if (entries.length === 0) throw new SourceError(file, 'is an empty zip');
  for (const e of entries) {
    if (e.name.startsWith('/') || e.name.split('/').includes('..')) throw new SourceError(file, `entry "${e.name}" escapes the folder`);
  }
  const first = entries[0]!.name.split('/')[0]!;
  const common = entries.every((e) => e.name.includes('/') && e.name.split('/')[0] === first) ? `${first}/` : '';
  const out = new Map<string, Uint8Array>();
  for (const e of entries) out.set(e.name.slice(common.length), zip.read(e));
  return out;
}
