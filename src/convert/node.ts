// Node wrapper of the converter: reads the input (folder, zip or checkpoint file) from disk,
// converts in memory, writes into a temporary folder next to `outDir` and renames it at the end,
// so a failure leaves no partial output behind.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ArgumentError, SourceError } from '../errors.js';
import { CHECKPOINT_FILES, isCheckpointIndex, isWeightFile, MODULES_FILE } from '../format/files.js';
import { parseJson } from '../format/json.js';
import { parseShardIndex } from '../format/shard_index.js';
import { convertModel } from './convert.js';
import type { ConvertOptions, ConvertResult } from './convert.js';
import { planModules } from './layout.js';

const inflate = (data: Uint8Array, size: number): Uint8Array => {
  const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

function read(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The files of one folder level the converter may use: non-weight files and the preferred checkpoint. */
function readLevel(dir: string, rel: string, into: Map<string, Uint8Array>): void {
  const abs = join(dir, rel);
  if (!existsSync(abs)) return;
  const names = readdirSync(abs, { withFileTypes: true }).filter((d) => d.isFile() && !d.name.startsWith('.')).map((d) => d.name);
  const key = (n: string): string => (rel === '' ? n : `${rel}/${n}`);
  for (const n of names) if (!isWeightFile(n)) into.set(key(n), read(join(abs, n)));
  const checkpoint = CHECKPOINT_FILES.find((n) => names.includes(n));
  if (checkpoint === undefined) return;
  const bytes = read(join(abs, checkpoint));
  into.set(key(checkpoint), bytes);
  if (isCheckpointIndex(checkpoint)) {
    // Shards listed by the index; a bad index is reported by the converter itself, which parses it again.
    try {
      for (const shard of parseShardIndex(parseJson(bytes, checkpoint), checkpoint)) {
        if (names.includes(shard)) into.set(key(shard), read(join(abs, shard)));
      }
    } catch {
      /* reported by convertModel */
    }
  }
}

/** A model folder as path → bytes: the root level and each module folder named in modules.json. */
export function readModelFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  readLevel(dir, '', files);
  const modules = files.get(MODULES_FILE);
  if (modules !== undefined) {
    let paths: string[] = [];
    try {
      paths = planModules(parseJson(modules, MODULES_FILE), MODULES_FILE).map((m) => m.inputPath);
    } catch {
      // convertModel re-parses modules.json and reports the error precisely.
      paths = [];
    }
    for (const p of paths) if (p !== '') readLevel(dir, p, files);
  }
  return files;
}

/** Converts `inputPath` (folder, .zip, or checkpoint file) into the new folder `outDir`. */
export function convertPath(inputPath: string, outDir: string, options: Omit<ConvertOptions, 'inflate'> = {}): ConvertResult {
  const input = resolve(inputPath);
  const target = resolve(outDir);
  if (!existsSync(input)) throw new SourceError(input, 'does not exist');
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new ArgumentError('out-dir', `"${target}" already exists and is not an empty folder; choose a new path`);
  }
  const result = statSync(input).isDirectory()
    ? convertModel(readModelFolder(input), input, options)
    : convertModel(read(input), input, { ...options, inflate });

  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    for (const [path, bytes] of result.files) {
      const abs = join(temp, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, bytes);
    }
    mkdirSync(temp, { recursive: true }); // an empty result still yields a folder
    if (existsSync(target)) rmSync(target, { recursive: true }); // the empty folder checked above
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
  return result;
}
