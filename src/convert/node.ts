// Node wrapper of the converter: reads the input (folder, zip or checkpoint file) from disk,
// converts in memory, writes into a temp folder next to `outDir` and renames it into place at
// the end. The rename is the only step that touches `outDir`, and rename(2) replaces at most an
// empty folder: files another process put there are never deleted, and of two conversions to one
// new folder only one succeeds. Temp folders carry the writer's pid (src/hub/node_fs.ts) so a
// later run removes those of killed processes and refuses to race a live one.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ArgumentError, SourceError, WriteError } from '../errors.js';
import { CHECKPOINT_FILES, isCheckpointIndex, isWeightFile, MODULES_FILE } from '../format/files.js';
import { parseJson } from '../format/json.js';
import { parseShardIndex } from '../format/shard_index.js';
import { fsReason, liveTemps, removeDeadTemps, tempName, writeError } from '../hub/node_fs.js';
import { convertModel } from './convert.js';
import type { ConvertOptions, ConvertResult } from './convert.js';
import { planModules } from './layout.js';

const inflate = (data: Uint8Array, size: number): Uint8Array => {
  const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
};

function read(path: string): Uint8Array {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw new SourceError(path, `cannot be read: ${fsReason(e)}`);
  }
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** Whether the entry is a file, following a symlink (Hugging Face cache snapshots link to ../../blobs/). */
function isFileEntry(dir: string, d: { name: string; isFile(): boolean; isSymbolicLink(): boolean }): boolean {
  if (d.isFile()) return true;
  return d.isSymbolicLink() && statSync(join(dir, d.name), { throwIfNoEntry: false })?.isFile() === true;
}

/** The files of one folder level the converter may use: non-weight files and the preferred checkpoint. */
function readLevel(dir: string, rel: string, into: Map<string, Uint8Array>): void {
  const abs = join(dir, rel);
  if (!existsSync(abs)) return;
  const names = readdirSync(abs, { withFileTypes: true }).filter((d) => !d.name.startsWith('.') && isFileEntry(abs, d)).map((d) => d.name);
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

export interface ConvertPathOptions extends Omit<ConvertOptions, 'inflate'> {
  /** Replace an existing non-empty `outDir` (never a file; never while another convert writes it). */
  force?: boolean;
}

/** Temp siblings of `<parent>/<base>`: a conversion being written, and an old output being replaced. */
const tempPrefix = (base: string): string => `.${base}.sbert-tmp-`;
const oldPrefix = (base: string): string => `.${base}.sbert-old-`;

/** Converts `inputPath` (folder, .zip, or checkpoint file) into the new folder `outDir`. */
export function convertPath(inputPath: string, outDir: string, options: ConvertPathOptions = {}): ConvertResult {
  const { force = false, ...convertOptions } = options;
  const input = resolve(inputPath);
  const target = resolve(outDir);
  const parent = dirname(target);
  const base = basename(target);
  if (!existsSync(input)) throw new SourceError(input, 'does not exist');
  let existing: ReturnType<typeof statSync>;
  try {
    existing = statSync(target, { throwIfNoEntry: false });
  } catch (e) {
    throw writeError(target, 'cannot be used as the output folder', e);
  }
  if (existing !== undefined && !existing.isDirectory()) throw new ArgumentError('out-dir', `"${target}" is a file, not a folder; choose a new path`);
  if (existing !== undefined && !force && readdirSync(target).length > 0) {
    throw new ArgumentError('out-dir', `"${target}" already exists and is not an empty folder; choose a new path, or pass --force to replace it`);
  }
  // Left by killed conversions (their pid is gone).
  removeDeadTemps(parent, tempPrefix(base));
  removeDeadTemps(parent, oldPrefix(base));

  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw writeError(parent, 'cannot create the output\'s parent folder', e);
  }
  const temp = join(parent, tempName(tempPrefix(base)));
  try {
    mkdirSync(temp);
  } catch (e) {
    throw writeError(temp, 'cannot create a temp folder beside the output', e);
  }
  try {
    // Made before the check, so of two conversions started together at least one sees the other.
    // When both see each other, the one whose temp folder sorts first goes on and the other
    // refuses, so they never both give up; one that saw no earlier-sorting writer and still lost
    // the race finds the output filled when it publishes, and is discarded then.
    const mine = basename(temp);
    const other = liveTemps(parent, tempPrefix(base)).find((o) => o.name < mine);
    if (other !== undefined) {
      throw new WriteError(target, `another conversion (pid ${other.pid}) is writing this folder; wait for it to finish or choose another path`);
    }
    const result = statSync(input).isDirectory()
      ? convertModel(readModelFolder(input), input, convertOptions)
      : convertModel(read(input), input, { ...convertOptions, inflate });
    for (const [path, bytes] of result.files) {
      const abs = join(temp, path);
      try {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, bytes);
      } catch (e) {
        throw writeError(abs, 'cannot write', e);
      }
    }
    publish(temp, target, force);
    return result;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Renames `temp` to `target`: onto nothing or an empty folder; with `force`, the old folder is moved aside first. */
function publish(temp: string, target: string, force: boolean): void {
  try {
    renameSync(temp, target);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw writeError(target, 'cannot move the converted folder into place', e);
    if (!force) {
      throw new WriteError(target, 'was filled by another process during the conversion; nothing of it was replaced and this conversion is discarded (pass --force to replace it)');
    }
  }
  const old = join(dirname(target), tempName(oldPrefix(basename(target))));
  try {
    renameSync(target, old);
  } catch (e) {
    throw writeError(target, 'cannot move the old output aside', e);
  }
  try {
    renameSync(temp, target);
  } catch (e) {
    // Put the old output back if nothing took its place.
    try {
      renameSync(old, target);
    } catch {
      /* the old output stays at `old`, named in the error */
    }
    throw writeError(target, `cannot move the converted folder into place (the old output is at ${existsSync(old) ? old : target})`, e);
  }
  rmSync(old, { recursive: true, force: true });
}
