// Model-folder layouts: reads modules.json from any Sentence-Transformers era (v0.2 `0_BERT/`, v2+
// Transformer at the root, 6.x dotted class paths; parsed by src/format/modules.ts) and plans the
// one output layout: the Transformer at the root path "", other modules at their own folders, and
// every type normalised to `sentence_transformers.models.<Kind>`.
import { ConfigError } from '../errors.js';
import { parseJson } from '../format/json.js';
import { moduleType, parseModulesJson, V02_SPECIAL_TOKENS, type ModuleKind } from '../format/modules.js';

export type { ModuleKind };

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

/** Parses modules.json into the output plan. */
export function planModules(json: unknown, file: string): PlannedModule[] {
  const plan: PlannedModule[] = [];
  const outputs = new Set<string>();
  for (const [i, e] of parseModulesJson(json, file).entries()) {
    if (e.kind === 'Transformer' && i !== 0) {
      throw new ConfigError(file, `[${i}].type`, 'only one Transformer module, placed first, is supported');
    }
    const outputPath = e.kind === 'Transformer' ? '' : e.path;
    if (e.kind !== 'Transformer' && outputPath === '') throw new ConfigError(file, `[${i}].path`, `a ${e.kind} module cannot live in the root folder`);
    if (outputs.has(outputPath)) throw new ConfigError(file, `[${i}].path`, `"${outputPath}" is used by two modules`);
    outputs.add(outputPath);
    plan.push({
      idx: e.idx,
      name: e.name,
      kind: e.kind,
      inputPath: e.path,
      outputPath,
      legacyV02: e.legacyV02,
      ...(e.kwargs === undefined ? {} : { kwargs: e.kwargs }),
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
    type: moduleType(m.kind),
    ...(m.kwargs === undefined ? {} : { kwargs: m.kwargs }),
  }));
}

/**
 * sentence_bert_config.json of a v0.2 module in today's meaning. v0.2-v0.3.6 per-architecture
 * modules counted max_seq_length without the special tokens and fed max_seq_length + 2 ids; the
 * output relabels them as Transformer, whose max_seq_length includes them, so the number is
 * raised by V02_SPECIAL_TOKENS to keep the same truncation. Without a max_seq_length (the
 * tokenizer's limit applies) the file is returned unchanged.
 */
export function modernSentenceConfig(bytes: Uint8Array, file: string): Uint8Array {
  const json = parseJson(bytes, file);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bytes;
  const old = (json as Record<string, unknown>)['max_seq_length'];
  if (typeof old !== 'number') return bytes;
  const out = { ...json, max_seq_length: old + V02_SPECIAL_TOKENS, sbert_tfjs_note: `v0.2 layout: max_seq_length ${old} excluded the ${V02_SPECIAL_TOKENS} special tokens` };
  return new TextEncoder().encode(`${JSON.stringify(out, null, 2)}\n`);
}
