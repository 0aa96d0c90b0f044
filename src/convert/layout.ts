// Model-folder layouts (FORMATS.md §2.1): reads modules.json from any Sentence-Transformers era
// (v0.2 `0_BERT/`, v2+ Transformer at the root, 6.x dotted class paths) and plans the one output
// layout: the Transformer at the root path "", other modules at their own folders, and every
// type normalised to `sentence_transformers.models.<Class>`.
import { ConfigError } from '../errors.js';

export type ModuleKind = 'Transformer' | 'Pooling' | 'Dense' | 'Normalize';

/** Class names (last dotted segment) accepted per output kind; v0.2–v1.x per-architecture names are Transformers. */
const KIND_OF_CLASS: Readonly<Record<string, ModuleKind>> = {
  Transformer: 'Transformer', BERT: 'Transformer', RoBERTa: 'Transformer', DistilBERT: 'Transformer',
  XLMRoBERTa: 'Transformer', CamemBERT: 'Transformer',
  Pooling: 'Pooling', Dense: 'Dense', Normalize: 'Normalize',
};

/** The special tokens ([CLS] + [SEP], <s> + </s>) that v0.2 modules did not count in max_seq_length. */
export const V02_SPECIAL_TOKENS = 2;

/** Legacy per-architecture names of sentence_bert_config.json, renamed on output. */
export const SENTENCE_CONFIG_FILES: readonly string[] = [
  'sentence_bert_config.json', 'sentence_roberta_config.json', 'sentence_distilbert_config.json',
  'sentence_camembert_config.json', 'sentence_albert_config.json', 'sentence_xlm-roberta_config.json', 'sentence_xlnet_config.json',
];

export interface PlannedModule {
  readonly idx: number;
  readonly name: string;
  readonly kind: ModuleKind;
  /** Folder in the input ('' = root). */
  readonly inputPath: string;
  /** Folder in the output: '' for the Transformer, the input folder otherwise. */
  readonly outputPath: string;
  /** A v0.2-v0.3.6 per-architecture Transformer (BERT, RoBERTa, ...): its max_seq_length excludes
   *  the special tokens and is rewritten on output (modernSentenceConfig). */
  readonly legacyV02: boolean;
  readonly kwargs?: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Normalises a relative folder path ('./x/' → 'x'); refuses paths that leave the model folder. */
export function cleanPath(path: string, file: string, field: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (path.startsWith('/') || parts.includes('..')) throw new ConfigError(file, field, `path "${path}" must stay inside the model folder`);
  return parts.join('/');
}

/** Parses modules.json into the output plan. */
export function planModules(json: unknown, file: string): PlannedModule[] {
  if (!Array.isArray(json) || json.length === 0) throw new ConfigError(file, '(root)', 'must be a non-empty list of modules');
  const plan: PlannedModule[] = [];
  const outputs = new Set<string>();
  for (const [i, entry] of json.entries()) {
    if (!isRecord(entry)) throw new ConfigError(file, `[${i}]`, 'must be an object');
    const { idx, name, path, type, kwargs } = entry;
    if (typeof type !== 'string' || !type.startsWith('sentence_transformers.')) {
      throw new ConfigError(file, `[${i}].type`, `must name a sentence_transformers module class, found ${JSON.stringify(type)}`);
    }
    const cls = type.split('.').pop()!;
    const kind = KIND_OF_CLASS[cls];
    if (kind === undefined) {
      throw new ConfigError(file, `[${i}].type`, `"${type}" is not supported; known classes: ${Object.keys(KIND_OF_CLASS).join(', ')}`);
    }
    if (typeof path !== 'string') throw new ConfigError(file, `[${i}].path`, `must be a string, found ${JSON.stringify(path)}`);
    const inputPath = cleanPath(path, file, `[${i}].path`);
    const transformers = plan.filter((m) => m.kind === 'Transformer').length;
    if (kind === 'Transformer' && (transformers > 0 || i !== 0)) {
      throw new ConfigError(file, `[${i}].type`, 'only one Transformer module, placed first, is supported');
    }
    const outputPath = kind === 'Transformer' ? '' : inputPath;
    if (kind !== 'Transformer' && outputPath === '') throw new ConfigError(file, `[${i}].path`, `a ${kind} module cannot live in the root folder`);
    if (outputs.has(outputPath)) throw new ConfigError(file, `[${i}].path`, `"${outputPath}" is used by two modules`);
    outputs.add(outputPath);
    plan.push({
      idx: typeof idx === 'number' ? idx : i,
      name: typeof name === 'string' ? name : String(i),
      kind,
      inputPath,
      outputPath,
      legacyV02: kind === 'Transformer' && cls !== 'Transformer',
      ...(kwargs === undefined ? {} : { kwargs }),
    });
  }
  return plan;
}

/** The normalised modules.json of the output folder. */
export function outputModulesJson(plan: readonly PlannedModule[]): unknown[] {
  return plan.map((m) => ({
    idx: m.idx,
    name: m.name,
    path: m.outputPath,
    type: `sentence_transformers.models.${m.kind}`,
    ...(m.kwargs === undefined ? {} : { kwargs: m.kwargs }),
  }));
}

/**
 * sentence_bert_config.json of a v0.2 module in today's meaning. v0.2-v0.3.6 per-architecture
 * modules counted max_seq_length without the special tokens (FORMATS.md §2.1) and fed
 * max_seq_length + 2 ids; the output relabels them as Transformer, whose max_seq_length includes
 * them, so the number is raised by V02_SPECIAL_TOKENS to keep the same truncation. Without a
 * max_seq_length (the tokenizer's limit applies) the file is returned unchanged.
 */
export function modernSentenceConfig(bytes: Uint8Array, file: string): Uint8Array {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new ConfigError(file, '(root)', `is not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(json) || typeof json['max_seq_length'] !== 'number') return bytes;
  const old = json['max_seq_length'];
  const out = { ...json, max_seq_length: old + V02_SPECIAL_TOKENS, sbert_tfjs_note: `v0.2 layout: max_seq_length ${old} excluded the ${V02_SPECIAL_TOKENS} special tokens` };
  return new TextEncoder().encode(`${JSON.stringify(out, null, 2)}\n`);
}
