// Model-folder layouts (FORMATS.md §2.1): reads modules.json from any Sentence-Transformers era
// (v0.2 `0_BERT/`, v2+ Transformer at the root, 6.x dotted class paths) and plans the one output
// layout: the Transformer at the root path "", other modules at their own folders, and every
// type normalised to `sentence_transformers.models.<Class>`.
import { ConfigError } from '../src/errors.js';

export type ModuleKind = 'Transformer' | 'Pooling' | 'Dense' | 'Normalize';

/** Class names (last dotted segment) accepted per output kind; v0.2–v1.x per-architecture names are Transformers. */
const KIND_OF_CLASS: Readonly<Record<string, ModuleKind>> = {
  Transformer: 'Transformer', BERT: 'Transformer', RoBERTa: 'Transformer', DistilBERT: 'Transformer',
  XLMRoBERTa: 'Transformer', CamemBERT: 'Transformer',
  Pooling: 'Pooling', Dense: 'Dense', Normalize: 'Normalize',
};

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
