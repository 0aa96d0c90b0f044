// Loads a tokenizer from a model folder: tokenizer.json when present, else the older files
// (vocab.txt | vocab.json + merges.txt | sentencepiece.bpe.model), always with
// tokenizer_config.json + special_tokens_map.json for the special tokens and options.
import { TokenizerError } from '../errors.js';
import { readText, type FileSource } from '../io/file_source.js';
import { byteLevelBpeJson, parseMergesTxt, parseVocabJson } from './legacy/from_vocab_merges.js';
import { parseVocabTxt, wordPieceJson } from './legacy/from_vocab_txt.js';
import { xlmRobertaJson } from './legacy/from_sentencepiece.js';
import { parseSentencePieceModel } from './legacy/sentencepiece_model.js';
import { Tokenizer } from './tokenizer.js';
import type { TokenizerConfigJson } from './tokenizer_json.js';

const SENTENCEPIECE_FILES = ['sentencepiece.bpe.model', 'spiece.model', 'tokenizer.model'];

function join(dir: string | undefined, file: string): string {
  return dir === undefined || dir === '' || dir === '.' ? file : `${dir.replace(/\/+$/, '')}/${file}`;
}

/** JSON.parse with a TokenizerError naming the file and the parser's position. */
async function parseJsonFile(source: FileSource, path: string): Promise<unknown> {
  const text = await readText(source, path);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new TokenizerError(`${source.root}/${path}`, '(JSON)', `is not valid JSON: ${(e as Error).message}`);
  }
}

/** tokenizer_config.json overlaid with special_tokens_map.json (transformers lets the map win). */
export async function loadTokenizerConfig(source: FileSource, dir?: string): Promise<TokenizerConfigJson> {
  let config: Record<string, unknown> = {};
  for (const name of ['tokenizer_config.json', 'special_tokens_map.json']) {
    const path = join(dir, name);
    if (!(await source.exists(path))) continue;
    const json = await parseJsonFile(source, path);
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
  if (await source.exists(at('tokenizer.json'))) {
    return Tokenizer.fromJson(await parseJsonFile(source, at('tokenizer.json')), full('tokenizer.json'), config);
  }
  if (await source.exists(at('vocab.txt'))) {
    const vocab = parseVocabTxt(await readText(source, at('vocab.txt')), full('vocab.txt'));
    return Tokenizer.fromJson(wordPieceJson(vocab, config, full('vocab.txt')), full('vocab.txt'), config);
  }
  if ((await source.exists(at('vocab.json'))) && (await source.exists(at('merges.txt')))) {
    const vocab = parseVocabJson(await parseJsonFile(source, at('vocab.json')), full('vocab.json'));
    const merges = parseMergesTxt(await readText(source, at('merges.txt')), full('merges.txt'));
    return Tokenizer.fromJson(byteLevelBpeJson(vocab, merges, config, full('vocab.json')), `${full('vocab.json')} + merges.txt`, config);
  }
  for (const name of SENTENCEPIECE_FILES) {
    if (!(await source.exists(at(name)))) continue;
    const spm = parseSentencePieceModel(await source.readBytes(at(name)), full(name));
    return Tokenizer.fromJson(xlmRobertaJson(spm, config, full(name)), full(name), config);
  }
  throw new TokenizerError(full(''), 'files', `no tokenizer.json, vocab.txt, vocab.json + merges.txt or ${SENTENCEPIECE_FILES.join(' / ')} found`);
}
