// Where a command's result goes: stdout, or --output FILE written to a temp file next to it and
// renamed into place, so a reader never sees half a file and a failed run leaves no file behind.
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArgumentError } from '../errors.js';

/** Writes `data` to `path` atomically (temp file in the same folder, then rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, flag = '--output'): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    throw new ArgumentError(flag, `cannot write ${path}: ${err.code ?? err.message}`);
  }
}

/** Writes to --output when given, else to stdout (binary data only when stdout is not a terminal). */
export async function writeResult(output: string | undefined, data: string | Uint8Array, binary: boolean): Promise<void> {
  if (output !== undefined) return writeFileAtomic(output, data);
  if (binary && process.stdout.isTTY === true) {
    throw new ArgumentError('--format', 'writes binary data; give --output FILE or redirect stdout to a file');
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(data, (e) => (e ? reject(e) : resolve())));
}
