// Node-only FileSource over a folder (package.json's `browser` map sends this file to false).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../errors.js';
import { checkRelativePath } from './file_source.js';
import type { FileSource, RangeReader } from './file_source.js';

function sourceError(file: string, e: unknown): SourceError {
  const code = (e as NodeJS.ErrnoException).code;
  return new SourceError(file, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`);
}

/** Range reads with a file opened per call: no descriptor outlives a read, whatever the loader does. */
function nodeRanges(dir: string): RangeReader {
  return {
    size(path) {
      checkRelativePath(dir, path);
      try {
        return statSync(join(dir, path)).size;
      } catch (e) {
        throw sourceError(join(dir, path), e);
      }
    },
    read(path, start, into) {
      const file = join(dir, checkRelativePath(dir, path));
      let fd: number;
      try {
        fd = openSync(file, 'r');
      } catch (e) {
        throw sourceError(file, e);
      }
      try {
        let done = 0;
        while (done < into.byteLength) {
          const n = readSync(fd, into, done, into.byteLength - done, start + done);
          if (n === 0) throw new SourceError(file, `ends before byte ${start + into.byteLength} (read ${into.byteLength} bytes from ${start})`);
          done += n;
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

export function nodeSource(dir: string): FileSource {
  return {
    root: dir,
    async readBytes(path) {
      checkRelativePath(dir, path);
      try {
        const buf = await readFile(join(dir, path));
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (e) {
        throw sourceError(join(dir, path), e);
      }
    },
    async exists(path) {
      checkRelativePath(dir, path);
      try {
        await stat(join(dir, path));
        return true;
      } catch {
        return false;
      }
    },
    ranges: nodeRanges(dir),
  };
}
