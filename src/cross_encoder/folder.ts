// Reads the settings of a cross-encoder folder as the reference saves it, in any of its layouts:
//  - sentence-transformers 6 (CrossEncoder.save): modules.json with one Transformer module,
//    sentence_bert_config.json (transformer_task "sequence-classification"), and
//    config_sentence_transformers.json {"model_type": "CrossEncoder", "activation_fn": ...};
//  - v4 and v5: a transformers folder whose config.json has {"sentence_transformers":
//    {"activation_fn": ...}};
//  - older: a transformers folder whose config.json has sbert_ce_default_activation_function.
// The max length is sentence_bert_config.json's max_seq_length, else the tokenizer's
// model_max_length capped at max_position_embeddings (as for bi-encoders, modules/transformer.ts).
import { ConfigError } from '../errors.js';
import { asObject, describe } from '../config/parse.js';
import { parseSequenceClassificationConfig } from '../config/sequence_classification_config.js';
import { readJson, type FileSource } from '../io/file_source.js';
import { CONFIG_FILE, joinPath, MODULES_FILE, SENTENCE_CONFIG_FILES, ST_MODEL_CONFIG_FILE } from '../format/files.js';
import { parseModulesJson } from '../format/modules.js';
import { parseSentenceBertConfig, type SentenceBertConfig } from '../modules/config.js';
import { defaultMaxLength } from '../modules/transformer.js';
import { activationFromPath, defaultActivation, type ActivationName } from './activation.js';

export interface CrossEncoderSettings {
  /** The folder of the transformers model and tokenizer ('' = the root). */
  dir: string;
  /** config.json of that folder, unparsed (the architecture registry parses it). */
  configJson: unknown;
  /** `${source.root}/${dir}/config.json`, for messages. */
  configFile: string;
  maxSeqLength: number;
  doLowerCase: boolean;
  /** The activation predict() applies unless told otherwise, and the file field that named it ('default' when none did). */
  activation: ActivationName;
  activationFrom: string;
}

/** The one Transformer module of modules.json; anything else is not a cross-encoder we run. */
async function transformerDir(source: FileSource): Promise<string> {
  if (!(await source.exists(MODULES_FILE))) return '';
  const file = `${source.root}/${MODULES_FILE}`;
  const entries = parseModulesJson(await readJson(source, MODULES_FILE), file);
  if (entries.length !== 1 || entries[0]!.kind !== 'Transformer') {
    throw new ConfigError(file, entries.length === 1 ? '[0].type' : '(root)',
      `must list exactly one Transformer module for a CrossEncoder, found ${entries.map((e) => JSON.stringify(e.type)).join(', ') || 'none'}`);
  }
  return entries[0]!.path;
}

/** The activation a saved path names, or undefined when the reference would ignore it (a path outside torch). */
function namedActivation(path: unknown, file: string, field: string): ActivationName | undefined {
  if (path === undefined || path === null) return undefined;
  if (typeof path !== 'string') throw new ConfigError(file, field, `must be a torch class path, found ${describe(path)}`);
  const name = activationFromPath(path);
  if (name === undefined) {
    throw new ConfigError(file, field, `"${path}" is not an activation this library implements (Sigmoid, Identity, Tanh, ReLU, Softmax)`);
  }
  return name ?? undefined;
}

export async function readCrossEncoderSettings(source: FileSource): Promise<CrossEncoderSettings> {
  let stModel: Record<string, unknown> = {};
  const stFile = `${source.root}/${ST_MODEL_CONFIG_FILE}`;
  if (await source.exists(ST_MODEL_CONFIG_FILE)) {
    stModel = asObject(await readJson(source, ST_MODEL_CONFIG_FILE), stFile);
    const type = stModel['model_type'];
    if (type !== undefined && type !== 'CrossEncoder') {
      throw new ConfigError(stFile, 'model_type', `must be "CrossEncoder" for a cross-encoder, found ${describe(type)} (load it as that model type)`);
    }
  }
  const dir = await transformerDir(source);
  let stConfig: SentenceBertConfig = { do_lower_case: false };
  for (const name of SENTENCE_CONFIG_FILES) {
    const path = joinPath(dir, name);
    if (!(await source.exists(path))) continue;
    const json = await readJson(source, path);
    stConfig = parseSentenceBertConfig(json, `${source.root}/${path}`);
    const task = asObject(json, `${source.root}/${path}`)['transformer_task'];
    if (task !== undefined && task !== 'sequence-classification') {
      throw new ConfigError(`${source.root}/${path}`, 'transformer_task', `must be "sequence-classification" for a CrossEncoder, found ${describe(task)}`);
    }
    break;
  }
  const configPath = joinPath(dir, CONFIG_FILE);
  const configFile = `${source.root}/${configPath}`;
  const configJson = await readJson(source, configPath);
  const config = asObject(configJson, configFile);
  const maxSeqLength = stConfig.max_seq_length ?? (await defaultMaxLength(source, dir, configJson));

  // The reference's order: config_sentence_transformers.json, then config.json's
  // sentence_transformers block, then sbert_ce_default_activation_function, then the default.
  const block = config['sentence_transformers'];
  const blockNames = block !== null && typeof block === 'object' && Object.hasOwn(block, 'activation_fn');
  const candidates: [unknown, string, string][] = [
    [stModel['activation_fn'], stFile, 'activation_fn'],
    [block !== null && typeof block === 'object' ? (block as Record<string, unknown>)['activation_fn'] : undefined, configFile, 'sentence_transformers.activation_fn'],
    [config['sbert_ce_default_activation_function'], configFile, 'sbert_ce_default_activation_function'],
  ];
  for (const [path, file, field] of candidates) {
    const name = namedActivation(path, file, field);
    if (name !== undefined) return { dir, configJson, configFile, maxSeqLength, doLowerCase: stConfig.do_lower_case, activation: name, activationFrom: `${file}: ${field}` };
    // config.json's sentence_transformers block, when it has an activation_fn, settles it (the
    // reference does not read sbert_ce_default_activation_function then).
    if (field === 'sentence_transformers.activation_fn' && blockNames) break;
  }
  const numLabels = parseSequenceClassificationConfig(configJson, configFile).num_labels;
  return { dir, configJson, configFile, maxSeqLength, doLowerCase: stConfig.do_lower_case, activation: defaultActivation(numLabels), activationFrom: 'default' };
}
