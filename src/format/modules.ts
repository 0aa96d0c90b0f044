// modules.json and the module kinds it may name. The reference writes each module's `type` as the
// dotted path of its class (sentence_transformers.models.Pooling; sentence_transformers.models.BERT
// in v0.2; sentence_transformers.base.modules.transformer.Transformer in 6.x), so a kind is found
// by the class name, and only inside the sentence_transformers package: custom remote code, CNN,
// WordEmbeddings and the like are refused by name. The table also says which files each kind
// reads from its folder: the hub downloader fetches them, the converter carries them over and the
// loader reads them.
import { ConfigError } from '../errors.js';
import { ADDED_TOKENS_FILE, CONFIG_FILE, LEGACY_TOKENIZER_FILES, SENTENCE_CONFIG_FILES, TOKENIZER_CONFIG_FILES, TOKENIZER_JSON_FILE } from './files.js';
import { asObject, describe } from './json_fields.js';
import { MAX_MODULES } from './limits.js';

export type ModuleKind = 'Transformer' | 'Pooling' | 'Dense' | 'Normalize';

/** The files a module kind reads from its own folder. */
export interface ModuleFiles {
  /** Files that must exist. */
  readonly required: readonly string[];
  /** Files read when present. */
  readonly optional: readonly string[];
  /** Of these, the first one present is read (and downloaded); none may be present. */
  readonly firstOf: readonly string[];
  /** Read only when the file `instead` is absent (the older tokenizer files stand in for tokenizer.json). */
  readonly fallback?: { readonly instead: string; readonly files: readonly string[] };
  /** Whether the module has weights (a checkpoint or a converted manifest, src/format/files.ts). */
  readonly weights: boolean;
}

export interface ModuleKindSpec {
  readonly kind: ModuleKind;
  /**
   * A v0.2 - v1.x per-architecture Transformer (BERT, RoBERTa, ...): up to v0.3.6 its
   * max_seq_length did not count the special tokens (V02_SPECIAL_TOKENS).
   */
  readonly legacyV02: boolean;
  readonly files: ModuleFiles;
}

/** [CLS] + [SEP] (or <s> + </s>): the special tokens v0.2 modules did not count in max_seq_length. */
export const V02_SPECIAL_TOKENS = 2;

const TRANSFORMER_FILES: ModuleFiles = {
  required: [CONFIG_FILE],
  optional: [TOKENIZER_JSON_FILE, ...TOKENIZER_CONFIG_FILES, ADDED_TOKENS_FILE],
  fallback: { instead: TOKENIZER_JSON_FILE, files: LEGACY_TOKENIZER_FILES },
  firstOf: SENTENCE_CONFIG_FILES,
  weights: true,
};
const transformer = (legacyV02: boolean): ModuleKindSpec => ({ kind: 'Transformer', legacyV02, files: TRANSFORMER_FILES });

/** Class name (last dotted segment of `type`) -> kind. */
export const MODULE_KINDS: Readonly<Record<string, ModuleKindSpec>> = {
  Transformer: transformer(false),
  // The per-architecture modules of v0.2 - v1.x: deprecated aliases of Transformer from v0.3.7,
  // removed in v2.0.0.
  BERT: transformer(true),
  RoBERTa: transformer(true),
  DistilBERT: transformer(true),
  XLMRoBERTa: transformer(true),
  CamemBERT: transformer(true),
  Pooling: { kind: 'Pooling', legacyV02: false, files: { required: [CONFIG_FILE], optional: [], firstOf: [], weights: false } },
  Dense: { kind: 'Dense', legacyV02: false, files: { required: [CONFIG_FILE], optional: [], firstOf: [], weights: true } },
  // Normalize saves nothing; its folder may be missing altogether.
  Normalize: { kind: 'Normalize', legacyV02: false, files: { required: [], optional: [], firstOf: [], weights: false } },
};

/** The files a module kind reads from its folder. */
export function filesOf(kind: ModuleKind): ModuleFiles {
  return MODULE_KINDS[kind]!.files;
}

/** The type string the converter writes for a kind. */
export function moduleType(kind: ModuleKind): string {
  return `sentence_transformers.models.${kind}`;
}

/** One entry of modules.json, with its kind resolved. */
export interface ModuleEntry {
  idx: number;
  name: string;
  /** The module folder, relative to the model root ('' = the root), normalised by cleanPath. */
  path: string;
  /** As written in the file. */
  type: string;
  kind: ModuleKind;
  legacyV02: boolean;
  kwargs?: unknown;
}

/** The modules.json a folder without one stands for: the reference wraps a plain Hugging Face
 *  model as Transformer + mean pooling (the pooling is made by the loader). */
export const PLAIN_TRANSFORMER: ModuleEntry = { idx: 0, name: '0', path: '', type: moduleType('Transformer'), kind: 'Transformer', legacyV02: false };

/**
 * Characters a module folder may not contain: a drive or URL scheme (':'), percent-escapes
 * ('%2e%2e' is '..' once a URL is normalised), a query or fragment, and control characters.
 */
const UNSAFE_PATH_CHARS = /[:%?#\u0000-\u001f\u007f]/;

/**
 * Normalises a relative folder path ('./x/' -> 'x'); refuses paths that leave the model folder,
 * on disk or in a URL. The loader, the converter and the hub downloader all read module folders
 * through parseModulesJson, so one refusal here covers the three.
 */
export function cleanPath(path: string, file: string, field: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (path.startsWith('/') || path.startsWith('\\') || parts.includes('..')) throw new ConfigError(file, field, `path "${path}" must stay inside the model folder`);
  if (UNSAFE_PATH_CHARS.test(path)) throw new ConfigError(file, field, `path ${JSON.stringify(path)} must be a plain relative folder name (no ':', '%', '?', '#' or control characters)`);
  return parts.join('/');
}

/** The kind of a modules.json `type`; ConfigError naming the entry when it has none. */
export function moduleKindOf(type: string, file: string, field: string): ModuleKindSpec {
  const known = Object.keys(MODULE_KINDS).join(', ');
  if (!type.startsWith('sentence_transformers.')) {
    throw new ConfigError(file, field, `must name a sentence_transformers module class (${known}), found ${JSON.stringify(type)}`);
  }
  const spec = MODULE_KINDS[type.split('.').pop()!];
  if (spec === undefined) throw new ConfigError(file, field, `"${type}" is not supported; known classes: ${known}`);
  return spec;
}

/** Parses modules.json (`file` names it in errors): a non-empty list of {idx, name, path, type}. */
export function parseModulesJson(json: unknown, file: string): ModuleEntry[] {
  if (!Array.isArray(json) || json.length === 0) throw new ConfigError(file, '(root)', `must be a non-empty list of modules, found ${describe(json)}`);
  if (json.length > MAX_MODULES) throw new ConfigError(file, '(root)', `lists ${json.length} modules, more than the limit of ${MAX_MODULES} (MAX_MODULES)`);
  return json.map((raw, i) => {
    const o = asObject(raw, file, `[${i}]`);
    const { type, kwargs } = o;
    if (typeof type !== 'string') throw new ConfigError(file, `[${i}].type`, `must name a sentence_transformers module class, found ${describe(type)}`);
    const spec = moduleKindOf(type, file, `[${i}].type`);
    const path = o['path'] ?? '';
    if (typeof path !== 'string') throw new ConfigError(file, `[${i}].path`, `must be a string, found ${describe(path)}`);
    const idx = typeof o['idx'] === 'number' ? o['idx'] : i;
    return {
      idx,
      name: typeof o['name'] === 'string' ? o['name'] : String(idx),
      path: cleanPath(path, file, `[${i}].path`),
      type,
      kind: spec.kind,
      legacyV02: spec.legacyV02,
      ...(kwargs === undefined ? {} : { kwargs }),
    };
  });
}
