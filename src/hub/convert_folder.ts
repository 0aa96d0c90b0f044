// Glue to the TypeScript converter (src/convert/convert.ts, browser-safe): a folder or zip in
// memory -> the converted folder's files (model.json + shards, normalised modules.json; v0.2
// max_seq_length is rewritten by the converter itself).
import { convertModel } from '../convert/convert.js';
import type { Inflate } from '../checkpoint/zip.js';
import type { StorageDType } from '../convert/manifest_writer.js';

/** The converted files of a model folder (path -> bytes) or of a zipped folder (bytes). */
export function convertToFiles(input: ReadonlyMap<string, Uint8Array> | Uint8Array, name: string, options: { dtype?: StorageDType; inflate?: Inflate } = {}): Map<string, Uint8Array> {
  return convertModel(input, name, options).files;
}
