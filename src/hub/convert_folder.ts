// Glue to the TypeScript converter (converters/convert.ts, browser-safe): a folder or zip in
// memory -> the converted folder's files (model.json + shards, normalised modules.json).
import { convertModel } from '../../converters/convert.js';
import type { Inflate } from '../../converters/checkpoint/zip.js';
import type { StorageDType } from '../../converters/manifest.js';
import { parseModulesJson } from '../modules/config.js';
import { V02_SPECIAL_TOKENS } from '../modules/transformer.js';

const CHECKPOINTS = ['model.safetensors', 'pytorch_model.bin', 'model.safetensors.index.json', 'pytorch_model.bin.index.json'];
const V02_CLASSES = new Set(['BERT', 'RoBERTa', 'DistilBERT', 'XLMRoBERTa', 'CamemBERT']);

/** Whether a folder with these files still holds a checkpoint without a model.json beside it. */
export function needsConversion(paths: Iterable<string>): boolean {
  const all = new Set(paths);
  for (const p of all) {
    const i = p.lastIndexOf('/');
    const dir = i === -1 ? '' : p.slice(0, i);
    if (CHECKPOINTS.includes(p.slice(i + 1)) && !all.has(dir === '' ? 'model.json' : `${dir}/model.json`)) return true;
  }
  return false;
}

/** The converted files of a model folder (path -> bytes) or of a zipped folder (bytes). */
export function convertToFiles(input: ReadonlyMap<string, Uint8Array> | Uint8Array, name: string, options: { dtype?: StorageDType; inflate?: Inflate } = {}): Map<string, Uint8Array> {
  const result = convertModel(input, name, options);
  const files = result.files;
  // The converter renames v0.2 modules to Transformer, so the v0.2 max_seq_length rule (special
  // tokens not counted) is carried over by rewriting max_seq_length in today's meaning.
  // v0.2 modules sit in <idx>_<Class> folders named after their class (0_BERT, 0_RoBERTa, ...).
  const wasV02 = result.modules.some((m) => m.kind === 'Transformer' && V02_CLASSES.has(m.inputPath.replace(/^\d+_/, ''))) ||
    (!(input instanceof Uint8Array) && isV02Folder(input));
  const cfg = files.get('sentence_bert_config.json');
  if (wasV02 && cfg !== undefined) {
    const json = JSON.parse(new TextDecoder().decode(cfg)) as { max_seq_length?: number };
    if (typeof json.max_seq_length === 'number') {
      const out = { ...json, max_seq_length: json.max_seq_length + V02_SPECIAL_TOKENS, sbert_tfjs_note: `v0.2 layout: max_seq_length ${json.max_seq_length} excluded the ${V02_SPECIAL_TOKENS} special tokens` };
      files.set('sentence_bert_config.json', new TextEncoder().encode(`${JSON.stringify(out, null, 2)}\n`));
    }
  }
  return files;
}

function isV02Folder(files: ReadonlyMap<string, Uint8Array>): boolean {
  const m = files.get('modules.json');
  if (m === undefined) return false;
  try {
    return parseModulesJson(JSON.parse(new TextDecoder().decode(m)), 'modules.json').some((e) => V02_CLASSES.has(e.type.split('.').pop() ?? ''));
  } catch {
    return false;
  }
}
