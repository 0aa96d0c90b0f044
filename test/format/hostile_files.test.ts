// Hostile model folders (tiny-bert, converted in memory, with one file replaced): each ends in the
// project's typed error naming the file and field, before anything is allocated for it, and a
// failed load frees every tensor it made.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../converters/node.js';
import { convertModel } from '../../src/convert/convert.js';
import { ArgumentError, ConfigError, JsonFileError, SourceError, TokenizerError, WeightError } from '../../src/errors.js';
import { activationByName } from '../../src/modules/dense.js';
import { memorySource, checkRelativePath } from '../../src/io/file_source.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { readSafetensorsHeader } from '../../src/checkpoint/index.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';

const enc = (o: unknown): Uint8Array => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o));
const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
const converted = convertModel(readModelFolder(join(import.meta.dirname, '..', 'fixtures', 'models', 'tiny-bert')), 'tiny-bert').files;
const json = (p: string): Record<string, unknown> & unknown[] => JSON.parse(new TextDecoder().decode(converted.get(p)!));

/** Loads the converted tiny-bert with `files` replaced; returns the error and the tensors left behind. */
async function loadWith(files: Record<string, unknown>, encode = false): Promise<{ error: unknown; leaked: number }> {
  const all = new Map(converted);
  for (const [k, v] of Object.entries(files)) all.set(k, v instanceof Uint8Array ? v : enc(v));
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    const m = await SentenceTransformer.fromSource(memorySource('m', all));
    try {
      if (encode) await m.encode(['hello world']);
    } catch (e) {
      error = e;
    }
    m.dispose();
  } catch (e) {
    error = e;
  }
  return { error, leaked: tf.memory().numTensors - before };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('hostile model files end in typed errors', () => {
  it.each(['modules.json', 'config.json', 'tokenizer.json', 'model.json', '1_Pooling/config.json', 'config_sentence_transformers.json'])(
    'JSON nested 100,000 deep: %s', async (file) => {
      const { error, leaked } = await loadWith({ [file]: deep(100_000) });
      expect(error).toBeInstanceOf(JsonFileError);
      expect((error as Error).message).toBe(`m/${file}: is not valid JSON: nests deeper than 64 arrays/objects at position 64 (MAX_JSON_DEPTH)`);
      expect(leaked).toBe(0);
    });

  it('a safetensors header nested 100,000 deep', () => {
    const header = enc(`{"a":${deep(100_000)}}`);
    const bytes = new Uint8Array(8 + header.length);
    new DataView(bytes.buffer).setUint32(0, header.length, true);
    bytes.set(header, 8);
    expect(() => readSafetensorsHeader(bytes, 'deep.safetensors')).toThrow(/deep\.safetensors: safetensors: header is not valid UTF-8 JSON: nests deeper than 64/);
  });

  it('null entries in model.json', async () => {
    const manifest = json('model.json') as unknown as { weightsManifest: { paths: string[] }[] };
    for (const [groups, message] of [
      [[null], 'm/model.json: weight "weightsManifest[0]" must be an object with "paths" and "weights", found null'],
      [[{ paths: manifest.weightsManifest[0]!.paths, weights: [null] }], 'm/model.json: weight "weightsManifest[0]" has a malformed entry null'],
    ] as const) {
      const { error, leaked } = await loadWith({ 'model.json': { ...manifest, weightsManifest: groups } });
      expect(error).toBeInstanceOf(WeightError);
      expect((error as Error).message).toContain(message);
      expect(leaked).toBe(0);
    }
  });

  it('a 100,000-character added token', async () => {
    const tok = json('tokenizer.json') as unknown as { added_tokens: object[] };
    const long = { id: 499, content: 'x'.repeat(100_000), single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
    const { error } = await loadWith({ 'tokenizer.json': { ...tok, added_tokens: [...tok.added_tokens, long] } }, true);
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as Error).message).toBe('m/tokenizer.json: added_tokens[5].content: is 100000 characters long, more than the limit of 1024 (MAX_ADDED_TOKEN_LENGTH)');
  });

  it('a token id outside the embedding table: a ConfigError, not a GatherV2 error', async () => {
    const tok = json('tokenizer.json') as unknown as { added_tokens: object[] };
    const big = { id: 10_000, content: 'zzbig', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false };
    const { error, leaked } = await loadWith({ 'tokenizer.json': { ...tok, added_tokens: [...tok.added_tokens, big] } }, false);
    expect(error).toBeUndefined(); // loads: the reference fails only when the id is used
    expect(leaked).toBe(0);
    const all = new Map(converted);
    all.set('tokenizer.json', enc({ ...tok, added_tokens: [...tok.added_tokens, big] }));
    const m = await SentenceTransformer.fromSource(memorySource('m', all));
    await expect(m.encode(['a zzbig b'])).rejects.toThrow(ConfigError);
    await expect(m.encode(['a zzbig b'])).rejects.toThrow('m/config.json: field "vocab_size" is 500, but the tokenizer gave token "zzbig" id 10000: the tokenizer and the model do not match');
    m.dispose();
  });

  it('a huge layer count', async () => {
    const { error } = await loadWith({ 'config.json': { ...json('config.json'), num_hidden_layers: 1e9 } });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('m/config.json: field "num_hidden_layers" must be <= 1024, found 1000000000');
  });

  it('config.json of null', async () => {
    const { error } = await loadWith({ 'config.json': null });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('m/config.json: field "(root)" must be an object, found null');
  });

  it('a model with no Pooling module: encode says so', async () => {
    const { error, leaked } = await loadWith({ 'modules.json': [json('modules.json')[0]] }, true);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^m\/modules\.json: field "\(modules\)" no module produces a sentence_embedding \(modules: Transformer\)/);
    expect(leaked).toBe(0);
  });

  it('modules.json not starting with a Transformer: refused before any weight loads (no leaked tensors)', async () => {
    const [t, p] = json('modules.json');
    const { error, leaked } = await loadWith({ 'modules.json': [p, t] });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('m/modules.json: field "[0].type" must be a Transformer module (the pipeline starts from token ids), found "sentence_transformers.models.Pooling"');
    expect(leaked).toBe(0);
  });
});

describe('paths in model files stay inside the model folder', () => {
  it.each([['../x', 'must stay inside the model folder'], ['/etc', 'must stay inside the model folder'], ['%2e%2e/x', "must be a plain relative folder name"], ['a?b=1', 'must be a plain relative folder name'], ['C:/x', 'must be a plain relative folder name']])(
    'modules.json path %s is refused by the parser', async (path, message) => {
      const [t, p] = json('modules.json') as unknown as [object, object];
      const { error, leaked } = await loadWith({ 'modules.json': [t, { ...p, path }] });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(`m/modules.json: field "[1].path" path`);
      expect((error as Error).message).toContain(message);
      expect(leaked).toBe(0);
    });

  it('a folder source refuses paths that leave its root, whoever asks', async () => {
    const src = nodeSource(join(import.meta.dirname, '..', 'fixtures', 'models', 'tiny-bert'));
    await expect(src.readBytes('../tiny-bert-dense/config.json')).rejects.toThrow(SourceError);
    await expect(src.exists('../../../package.json')).rejects.toThrow(/is outside the model folder/);
    expect(() => src.ranges!.size('/etc/passwd')).toThrow(SourceError);
    expect(checkRelativePath('r', '1_Pooling/config.json')).toBe('1_Pooling/config.json');
  });
});

describe('Dense activation names are looked up as own keys', () => {
  it.each(['torch.nn.modules.activation.constructor', 'torch.nn.modules.activation.toString', 'torch.nn.modules.activation.__proto__', 'torch.nn.modules.activation.hasOwnProperty'])(
    '%s is refused like any unknown class', (name) => {
      expect(() => activationByName(name, '2_Dense/config.json')).toThrow(ConfigError);
      expect(() => activationByName(name, '2_Dense/config.json')).toThrow(`2_Dense/config.json: field "activation_function" "${name}" is not supported; known: Identity, Tanh`);
    });
  it('torch.nn.modules.activation.Tanh still resolves', () => {
    expect(typeof activationByName('torch.nn.modules.activation.Tanh', 'c')).toBe('function');
  });
});

describe('text length per call', () => {
  it('a text above MAX_TEXT_LENGTH is refused before tokenizing', async () => {
    const m = await SentenceTransformer.fromSource(memorySource('m', converted));
    const long = 'a'.repeat(16 * 2 ** 20 + 1);
    expect(() => m.transformer.tokenizer.encode(long)).toThrow(ArgumentError);
    expect(() => m.transformer.tokenizer.encode(long)).toThrow('argument "text" has 16777217 UTF-16 code units, more than the limit of 16777216 per text (MAX_TEXT_LENGTH)');
    m.dispose();
  });
});
