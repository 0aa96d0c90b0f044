// `sbert tokenize`: one JSON line per text, {"index": i, "input_ids": [...], "tokens": [...]},
// exactly the ids the model receives (sentence-transformers semantics: do_lower_case and
// max_seq_length from sentence_bert_config.json, special tokens included, no padding).
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ArgumentError, ConfigError } from '../../errors.js';
import { CONFIG_FILE, joinPath, MODULES_FILE, SENTENCE_CONFIG_FILE, SENTENCE_CONFIG_FILES } from '../../format/files.js';
import { parseModulesJson, PLAIN_TRANSFORMER, V02_SPECIAL_TOKENS, type ModuleEntry } from '../../format/modules.js';
import { readJson, type FileSource } from '../../io/file_source.js';
import { parseSentenceBertConfig, type SentenceBertConfig } from '../../modules/config.js';
import { nodeSource } from '../../io/node_file_source.js';
import { defaultModelName } from '../../hub/registry.js';
import { encodeForModel, loadTokenizer, type Tokenizer } from '../../tokenizers/index.js';
import { option, parseArgs } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage: sbert tokenize [--model <name|dir>] [--input FILE] [TEXT...]

Prints one JSON object per text: {"index": i, "input_ids": [...], "tokens": [...]}, the ids the
model receives (lowercased when sentence_bert_config.json sets do_lower_case, truncated at its
max_seq_length counting the special tokens).

  --model M     a model folder (tokenizer files in it or in its Transformer module folder), or a
                model name / hub id / URL resolved like \`sbert encode\` does (default
                ${defaultModelName()}, as for every command)
  --input FILE  .txt (one text per line) or .jsonl (one JSON string per line, so texts may hold
                newlines); TEXT arguments are added after the file's texts`;

/** Reads the texts of a .txt or .jsonl file. */
export async function readInputTexts(path: string): Promise<string[]> {
  const raw = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ArgumentError('--input', `cannot read ${path} (${e.code ?? e.message})`);
  });
  const lines = raw.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (extname(path).toLowerCase() !== '.jsonl') return lines;
  return lines.map((line, i) => {
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ArgumentError('--input', `${path} line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
    if (typeof v !== 'string') throw new ArgumentError('--input', `${path} line ${i + 1} must be a JSON string, found ${line.slice(0, 40)}`);
    return v;
  });
}

export interface ModelTokenizer {
  tokenizer: Tokenizer;
  maxSeqLength: number;
  doLowerCase: boolean;
}

/** The Transformer module of the folder: modules.json's first entry, else the root (a plain HF folder). */
async function transformerEntry(source: FileSource): Promise<ModuleEntry> {
  if (!(await source.exists(MODULES_FILE))) return PLAIN_TRANSFORMER;
  const file = `${source.root}/${MODULES_FILE}`;
  const first = parseModulesJson(await readJson(source, MODULES_FILE), file)[0]!;
  if (first.kind !== 'Transformer') throw new ConfigError(file, '[0].type', `must be a Transformer module, found "${first.type}"`);
  return first;
}

/** Tokenizer plus max_seq_length / do_lower_case, read the way sentence-transformers reads them. */
export async function loadModelTokenizer(source: FileSource): Promise<ModelTokenizer> {
  const entry = await transformerEntry(source);
  const dir = entry.path;
  const tokenizer = await loadTokenizer(source, dir);
  let st: SentenceBertConfig = { do_lower_case: false };
  let stPath = joinPath(dir, SENTENCE_CONFIG_FILE);
  for (const name of SENTENCE_CONFIG_FILES) {
    const path = joinPath(dir, name);
    if (!(await source.exists(path))) continue;
    stPath = path;
    st = parseSentenceBertConfig(await readJson(source, path), `${source.root}/${path}`);
    break;
  }
  const doLowerCase = st.do_lower_case;
  // v0.2-v0.3.6 modules did not count the special tokens in max_seq_length (as Transformer.load).
  let maxSeqLength = st.max_seq_length === undefined ? undefined : st.max_seq_length + (entry.legacyV02 ? V02_SPECIAL_TOKENS : 0);
  if (maxSeqLength === undefined) {
    // ST's fallback: min(tokenizer model_max_length, config max_position_embeddings).
    const candidates: number[] = [];
    const mml = tokenizer.config.model_max_length;
    if (typeof mml === 'number' && mml < 1e9) candidates.push(mml);
    const cfgPath = joinPath(dir, CONFIG_FILE);
    if (await source.exists(cfgPath)) {
      const mpe = ((await readJson(source, cfgPath)) as Record<string, unknown>)['max_position_embeddings'];
      if (typeof mpe === 'number') candidates.push(mpe);
    }
    if (candidates.length === 0) throw new ConfigError(`${source.root}/${stPath}`, 'max_seq_length', 'is missing and neither model_max_length nor max_position_embeddings is set');
    maxSeqLength = Math.min(...candidates);
  }
  return { tokenizer, maxSeqLength, doLowerCase };
}

async function modelSource(model: string): Promise<FileSource> {
  const isDir = await stat(model).then((s) => s.isDirectory(), () => false);
  if (isDir) return nodeSource(model);
  // Names, hub ids and URLs resolve through the hub resolver (download + cache).
  const { resolveModelSource } = await import('../../hub/node_resolve.js');
  return resolveModelSource(model);
}

export const command: Command = {
  name: 'tokenize',
  summary: 'print the token ids and tokens the model receives for each text',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, { model: { kind: 'string' }, input: { kind: 'string' } });
    const model = option(args, 'model', defaultModelName())!;
    const input = option(args, 'input');
    const texts = [...(input === undefined ? [] : await readInputTexts(input)), ...args.positional];
    if (texts.length === 0) throw new ArgumentError('TEXT', 'give texts as arguments or with --input FILE');
    const { tokenizer, maxSeqLength, doLowerCase } = await loadModelTokenizer(await modelSource(model));
    const out: string[] = [];
    texts.forEach((text, index) => {
      const ids = encodeForModel(tokenizer, [text], { maxSeqLength, doLowerCase }).input_ids[0]!;
      out.push(JSON.stringify({ index, input_ids: ids, tokens: ids.map((id) => tokenizer.idToToken(id) ?? '') }));
    });
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};

