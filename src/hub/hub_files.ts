// Fetches the files of a sentence-transformers repository from a Hugging Face-style hub
// (`<endpoint>/<repo>/resolve/<revision>/<file>`) into memory. Which files to ask for follows
// modules.json: each module type needs known files; optional ones may be 404.
import { ConfigError, SourceError } from '../errors.js';
import { parseModulesJson, SENTENCE_CONFIG_FILES, type ModuleEntry } from '../modules/config.js';
import { downloadBytes, type DownloadOptions } from './download.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface HubOptions extends DownloadOptions {
  /** Default https://huggingface.co (or env HF_ENDPOINT in the Node resolver). */
  endpoint?: string;
  revision?: string;
}

const TOKENIZER_FILES = [
  'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'added_tokens.json',
  'vocab.txt', 'vocab.json', 'merges.txt', 'sentencepiece.bpe.model', 'spiece.model',
];
const WEIGHT_FILES = ['model.safetensors', 'pytorch_model.bin'];
const TRANSFORMER_CLASSES = new Set(['Transformer', 'BERT', 'RoBERTa', 'DistilBERT', 'XLMRoBERTa', 'CamemBERT']);

export function hubFileUrl(repo: string, path: string, options: HubOptions = {}): string {
  const endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const rev = encodeURIComponent(options.revision ?? 'main');
  return `${endpoint}/${repo}/resolve/${rev}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** All files of the model in `repo`: path -> bytes. Throws SourceError when a required file is missing. */
export async function fetchHubFiles(repo: string, options: HubOptions = {}): Promise<Map<string, Uint8Array>> {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(repo)) throw new SourceError(repo, 'is not a hub repository id (expected "owner/name")');
  const files = new Map<string, Uint8Array>();
  const get = async (path: string, optional: boolean): Promise<Uint8Array | null> => {
    const bytes = await downloadBytes(hubFileUrl(repo, path, options), path, optional, options);
    if (bytes !== null) files.set(path, bytes);
    return bytes;
  };
  const join = (dir: string, f: string): string => (dir === '' ? f : `${dir}/${f}`);

  const modulesBytes = await get('modules.json', true);
  await get('config_sentence_transformers.json', true);
  let entries: ModuleEntry[];
  if (modulesBytes === null) entries = [{ idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' }];
  else {
    try {
      entries = parseModulesJson(JSON.parse(new TextDecoder().decode(modulesBytes)), `${repo}/modules.json`);
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new SourceError(hubFileUrl(repo, 'modules.json', options), `is not valid JSON: ${(e as Error).message}`);
    }
  }
  for (const e of entries) {
    const cls = e.type.split('.').pop() ?? '';
    if (TRANSFORMER_CLASSES.has(cls)) {
      await get(join(e.path, 'config.json'), false);
      for (const f of SENTENCE_CONFIG_FILES) if ((await get(join(e.path, f), true)) !== null) break;
      for (const f of TOKENIZER_FILES) await get(join(e.path, f), true);
      await getWeights(e.path);
    } else if (cls === 'Pooling') {
      await get(join(e.path, 'config.json'), false);
    } else if (cls === 'Dense') {
      await get(join(e.path, 'config.json'), false);
      await getWeights(e.path);
    } else if (cls !== 'Normalize') {
      throw new ConfigError(`${repo}/modules.json`, `[${e.idx}].type`, `"${e.type}" is not supported`);
    }
  }
  return files;

  async function getWeights(dir: string): Promise<void> {
    for (const f of WEIGHT_FILES) if ((await get(join(dir, f), true)) !== null) return;
    throw new SourceError(hubFileUrl(repo, join(dir, WEIGHT_FILES[0]!), options), `no weights: neither ${WEIGHT_FILES.join(' nor ')} exists in the repository`);
  }
}
