// The converter core (runs in Node and the browser: bytes in, bytes out). Input: a model folder
// (modern or v0.2 layout) as path → bytes, a zipped model folder, or a single checkpoint file.
// Output: the layout documented in converters/README.md — the Transformer at the root with its
// config, tokenizer files and `model.json` + shards, other modules in their folders (2_Dense gets
// its own manifest), and modules.json normalised to `sentence_transformers.models.<Class>`.
import { ArgumentError, ConfigError } from '../errors.js';
import { CONFIG_FILE, isWeightFile, joinPath as join, MODULES_FILE, SENTENCE_CONFIG_FILE, SENTENCE_CONFIG_FILES } from '../format/files.js';
import { parseJson } from '../format/json.js';
import { filesOf } from '../format/modules.js';
import { isTorchArchive, unpackModelZip } from './archive.js';
import { readZip } from '../checkpoint/zip.js';
import type { Inflate } from '../checkpoint/zip.js';
import { modernSentenceConfig, planModules, outputModulesJson } from './layout.js';
import type { PlannedModule } from './layout.js';
import type { StorageDType } from './manifest_writer.js';
import { convertModuleWeights } from './module_weights.js';
import type { WeightsReport } from './module_weights.js';

export interface ConvertOptions {
  /** Storage dtype of the shards (float16 halves the download; float32 is exact). */
  dtype?: StorageDType;
  shardBytes?: number;
  /** For deflated entries of zipped model folders (never for checkpoints). */
  inflate?: Inflate;
}

export interface ConvertResult {
  /** Output path ('/'-separated, relative) → bytes. */
  readonly files: Map<string, Uint8Array>;
  readonly input: 'folder' | 'zip' | 'checkpoint';
  readonly modules: readonly PlannedModule[];
  readonly weights: readonly WeightsReport[];
  readonly notes: readonly string[];
}

/**
 * Files directly inside `dir` (not in subfolders), by bare name, weight files left out: those are
 * read by convertModuleWeights, which picks one checkpoint (the others are never read).
 */
function filesIn(files: ReadonlyMap<string, Uint8Array>, dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const prefix = dir === '' ? '' : `${dir}/`;
  // By key, then get: a zipped folder (archive.ts) inflates only the entries asked for.
  for (const path of files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if (rest.includes('/') || rest.startsWith('.') || isWeightFile(rest)) continue;
    out.set(rest, files.get(path)!);
  }
  return out;
}

/** Converts an in-memory model folder. `root` names the input in errors. */
export function convertFolder(files: ReadonlyMap<string, Uint8Array>, root: string, options: ConvertOptions = {}): ConvertResult {
  const dtype = options.dtype ?? 'float32';
  const weightOptions = { dtype, ...(options.shardBytes === undefined ? {} : { shardBytes: options.shardBytes }) };
  const out = new Map<string, Uint8Array>();
  const weights: WeightsReport[] = [];
  const notes: string[] = [];
  const modulesBytes = files.get(MODULES_FILE);

  if (modulesBytes === undefined) {
    // A plain Hugging Face folder: convert its weights, copy the rest; no modules are invented.
    notes.push('no modules.json: converted as a plain Hugging Face model folder (Transformer only)');
    for (const [name, bytes] of filesIn(files, '')) if (!isWeightFile(name)) out.set(name, bytes);
    const converted = convertModuleWeights(files, '', '', root, weightOptions);
    for (const [p, b] of converted.files) out.set(p, b);
    return { files: out, input: 'folder', modules: [], weights: [converted.report], notes };
  }

  const plan = planModules(parseJson(modulesBytes, `${root}/${MODULES_FILE}`), `${root}/${MODULES_FILE}`);
  const transformer = plan.find((m) => m.kind === 'Transformer');

  // Root-level files first (README, config_sentence_transformers.json, …); in the v0.2 layout the
  // root config.json is only {"__version__": …} and is replaced by the Transformer's HF config.
  for (const [name, bytes] of filesIn(files, '')) {
    if (name === MODULES_FILE || isWeightFile(name)) continue;
    if (transformer !== undefined && transformer.inputPath !== '' && name === CONFIG_FILE) {
      notes.push(`root config.json (sentence-transformers version record) replaced by ${transformer.inputPath}/config.json`);
      continue;
    }
    out.set(name, bytes);
  }

  for (const m of plan) {
    const own = filesIn(files, m.inputPath);
    if (m.kind === 'Transformer') {
      const sentenceConfig = SENTENCE_CONFIG_FILES.find((n) => own.has(n));
      for (const [name, bytes] of own) {
        if (isWeightFile(name) || (m.inputPath === '' && name === MODULES_FILE)) continue;
        if ((SENTENCE_CONFIG_FILES as readonly string[]).includes(name)) {
          if (name !== sentenceConfig) continue;
          if (name !== SENTENCE_CONFIG_FILE) notes.push(`${join(m.inputPath, name)} renamed to ${SENTENCE_CONFIG_FILE}`);
          // A v0.2 module becomes a Transformer: its max_seq_length is rewritten to include the
          // special tokens, which v0.2 did not count (layout.ts modernSentenceConfig).
          const modern = m.legacyV02 ? modernSentenceConfig(bytes, `${root}/${join(m.inputPath, name)}`) : bytes;
          if (modern !== bytes) notes.push(`${join(m.inputPath, name)}: v0.2 max_seq_length raised by the special tokens it did not count`);
          out.set(SENTENCE_CONFIG_FILE, modern);
          continue;
        }
        out.set(name, bytes);
      }
    } else {
      for (const [name, bytes] of own) if (!isWeightFile(name)) out.set(join(m.outputPath, name), bytes);
    }
    const needs = filesOf(m.kind);
    for (const f of needs.required) {
      if (!own.has(f)) throw new ConfigError(`${root}/${join(m.inputPath, f)}`, '(file)', `is missing: a ${m.kind} module needs it`);
    }
    if (needs.weights) {
      const converted = convertModuleWeights(files, m.inputPath, m.outputPath, root, weightOptions);
      for (const [p, b] of converted.files) out.set(p, b);
      weights.push(converted.report);
    }
  }
  out.set(MODULES_FILE, new TextEncoder().encode(`${JSON.stringify(outputModulesJson(plan), null, 2)}\n`));
  return { files: out, input: 'folder', modules: plan, weights, notes };
}

/** Converts a single checkpoint file: the output is just `model.json` + shards. */
export function convertCheckpointFile(bytes: Uint8Array, file: string, options: ConvertOptions = {}): ConvertResult {
  // Errors name `${root}/${path}`: split the file's own path so they name it exactly.
  const slash = file.lastIndexOf('/');
  const root = slash < 0 ? '.' : file.slice(0, slash) || '/';
  const base = file.slice(slash + 1);
  const converted = convertModuleWeights(new Map([[base, bytes]]), '', '', root, {
    dtype: options.dtype ?? 'float32',
    ...(options.shardBytes === undefined ? {} : { shardBytes: options.shardBytes }),
  }, [base]);
  return { files: converted.files, input: 'checkpoint', modules: [], weights: [converted.report], notes: [] };
}

/**
 * Converts any accepted input: a folder (path → bytes), or the bytes of one file named `name`
 * — a zipped model folder, or a checkpoint (safetensors, torch zip, torch legacy).
 */
export function convertModel(input: ReadonlyMap<string, Uint8Array> | Uint8Array, name: string, options: ConvertOptions = {}): ConvertResult {
  if (options.dtype !== undefined && options.dtype !== 'float32' && options.dtype !== 'float16') {
    throw new ArgumentError('dtype', `must be float32 or float16, got "${String(options.dtype)}"`);
  }
  if (!(input instanceof Uint8Array)) return convertFolder(input, name, options);
  const isZip = input.byteLength >= 4 && input[0] === 0x50 && input[1] === 0x4b && (input[2] === 3 || input[2] === 5);
  if (isZip && !isTorchArchive(readZip(input, name, options.inflate === undefined ? {} : { inflate: options.inflate }))) {
    const result = convertFolder(unpackModelZip(input, name, options.inflate), name, options);
    return { ...result, input: 'zip' };
  }
  return convertCheckpointFile(input, name, options);
}
