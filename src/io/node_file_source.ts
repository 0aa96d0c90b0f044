// Node-only FileSource over a folder (package.json's `browser` map sends this file to false).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../errors.js';
import type { FileSource } from './file_source.js';

export function nodeSource(dir: string): FileSource {
  return {
    root: dir,
    async readBytes(path) {
      try {
        const buf = await readFile(join(dir, path));
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new SourceError(join(dir, path), code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`);
      }
    },
    async exists(path) {
      try {
        await stat(join(dir, path));
        return true;
      } catch {
        return false;
      }
    },
  };
}
