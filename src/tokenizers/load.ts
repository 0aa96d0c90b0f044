// Loads a tokenizer from a model folder: tokenizer.json when present, else the older files
// (vocab.txt | vocab.json + merges.txt | sentencepiece.bpe.model), always with
// tokenizer_config.json + special_tokens_map.json for the special tokens and options.
import { TokenizerError } from '../errors.js';
import {
  joinPath, MERGES_FILE, SENTENCEPIECE_FILES, TOKENIZER_CONFIG_FILES, TOKENIZER_JSON_FILE, VOCAB_JSON_FILE, VOCAB_TXT_FILE,
} from '../format/files.js';
import { readJson, readText, type FileSource } from '../io/file_source.js';
import { byteLevelBpeJson, parseMergesTxt, parseVocabJson } from './legacy/from_vocab_merges.js';
import { parseVocabTxt, wordPieceJson } from './legacy/from_vocab_txt.js';
import { xlmRobertaJson } from './legacy/from_sentencepiece.js';
import { parseSentencePieceModel } from './legacy/sentencepiece_model.js';
import { Tokenizer } from './tokenizer.js';
import type { TokenizerConfigJson } from './tokenizer_json.js';

function join(dir: string | undefined, file: string): string {
  return joinPath(dir === undefined || dir === '.' ? '' : dir.replace(/\/+$/, ''), file);
}

/** tokenizer_config.json overlaid with special_tokens_map.json (transformers lets the map win). */
export async function loadTokenizerConfig(source: FileSource, dir?: string): Promise<TokenizerConfigJson> {
  let config: Record<string, unknown> = {};
  for (const name of TOKENIZER_CONFIG_FILES) {
    const path = join(dir, name);
    if (!(await source.exists(path))) continue;
    const json = await readJson(source, path);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new TokenizerError(`${source.root}/${path}`, '(top level)', 'expected a JSON object');
    }
    config = { ...config, ...(json as Record<string, unknown>) };
  }
  return config as TokenizerConfigJson;
}

export async function loadTokenizer(source: FileSource, dir?: string): Promise<Tokenizer> {
  const config = await loadTokenizerConfig(source, dir);
  const at = (name: string): string => join(dir, name);
  const full = (name: string): string => `${source.root}/${at(name)}`;
  if (await source.exists(at(TOKENIZER_JSON_FILE))) {
    return Tokenizer.fromJson(await readJson(source, at(TOKENIZER_JSON_FILE)), full(TOKENIZER_JSON_FILE), config);
  }
  if (await source.exists(at(VOCAB_TXT_FILE))) {
    const vocab = parseVocabTxt(await readText(source, at(VOCAB_TXT_FILE)), full(VOCAB_TXT_FILE));
    return Tokenizer.fromJson(wordPieceJson(vocab, config, full(VOCAB_TXT_FILE)), full(VOCAB_TXT_FILE), config);
  }
  if ((await source.exists(at(VOCAB_JSON_FILE))) && (await source.exists(at(MERGES_FILE)))) {
    const vocab = parseVocabJson(await readJson(source, at(VOCAB_JSON_FILE)), full(VOCAB_JSON_FILE));
    const merges = parseMergesTxt(await readText(source, at(MERGES_FILE)), full(MERGES_FILE));
    return Tokenizer.fromJson(byteLevelBpeJson(vocab, merges, config, full(VOCAB_JSON_FILE)), `${full(VOCAB_JSON_FILE)} + merges.txt`, config);
  }
  for (const name of SENTENCEPIECE_FILES) {
    if (!(await source.exists(at(name)))) continue;
    const spm = parseSentencePieceModel(await source.readBytes(at(name)), full(name));
    return Tokenizer.fromJson(xlmRobertaJson(spm, config, full(name)), full(name), config);
  }
  throw new TokenizerError(full(''), 'files', `no tokenizer.json, vocab.txt, vocab.json + merges.txt or ${SENTENCEPIECE_FILES.join(' / ')} found`);
}
