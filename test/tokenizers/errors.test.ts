// Bad tokenizer files fail with a TokenizerError that names the file and the field / JSON path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileError, TokenizerError } from '../../src/errors.js';
import { memorySource } from '../../src/io/file_source.js';
import { parseSentencePieceModel } from '../../src/tokenizers/legacy/sentencepiece_model.js';
import { loadTokenizer, Tokenizer } from '../../src/tokenizers/index.js';
import { TOKENIZER_FIXTURES } from './helpers.js';

const bertJson = (): Record<string, unknown> => JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, 'wordpiece/tokenizer.json'), 'utf-8')) as Record<string, unknown>;
const enc = new TextEncoder();

function thrown(fn: () => unknown): TokenizerError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error('expected a TokenizerError');
}

async function thrownAsync(p: Promise<unknown>): Promise<TokenizerError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error('expected a TokenizerError');
}

describe('tokenizer.json errors name the file and the JSON path', () => {
  it('missing model section', () => {
    const j = bertJson();
    delete j['model'];
    const e = thrown(() => Tokenizer.fromJson(j, 'tokenizer.json'));
    expect(e.message).toMatch(/^tokenizer\.json: model: is missing/);
  });

  it('unknown type inside a Sequence', () => {
    const j = bertJson();
    j['normalizer'] = { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Frobnicate' }] };
    const e = thrown(() => Tokenizer.fromJson(j, 'tokenizer.json'));
    expect(e.message).toMatch(/^tokenizer\.json: normalizer\.normalizers\[1\]\.type: unsupported type "Frobnicate"; known: .*BertNormalizer/);
    expect(e.at).toBe('normalizer.normalizers[1].type');
  });

  it.each([
    ['pre_tokenizer', { type: 'UnicodeScripts' }, 'pre_tokenizer.type'],
    ['post_processor', { type: 'Nope' }, 'post_processor.type'],
    ['model', { type: 'WordLevel', vocab: {} }, 'model.type'],
  ])('unknown %s type', (key, value, at) => {
    const j = bertJson();
    j[key] = value;
    expect(thrown(() => Tokenizer.fromJson(j, 'x/tokenizer.json')).message).toContain(`x/tokenizer.json: ${at}: unsupported type`);
  });

  it('an unknown decoder does not block encoding, only decoding', () => {
    const j = bertJson();
    j['decoder'] = { type: 'Mystery' };
    const tok = Tokenizer.fromJson(j, 'tokenizer.json');
    expect(tok.encode('hello').ids.length).toBeGreaterThan(2);
    expect(thrown(() => tok.decode([5])).message).toContain('tokenizer.json: decoder.type: unsupported type "Mystery"');
  });

  it('field errors: unk token missing from the vocab, bad merge, bad Unigram entry, bad template', () => {
    const j = bertJson();
    (j['model'] as Record<string, unknown>)['unk_token'] = '<nope>';
    expect(thrown(() => Tokenizer.fromJson(j, 'tokenizer.json')).message).toContain('tokenizer.json: model.unk_token: "<nope>" is not in model.vocab');
    const bpe = { model: { type: 'BPE', vocab: { a: 0, b: 1 }, merges: ['a b', 'a c'] } };
    expect(thrown(() => Tokenizer.fromJson(bpe, 'tokenizer.json')).message).toContain('tokenizer.json: model.merges[0]: makes "ab", which is not in model.vocab');
    const bpe2 = { model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b', 'a c'] } };
    expect(thrown(() => Tokenizer.fromJson(bpe2, 'tokenizer.json')).message).toContain('tokenizer.json: model.merges[1]: uses "c"');
    const uni = { model: { type: 'Unigram', unk_id: 0, vocab: [['a', 0], ['b']] } };
    expect(thrown(() => Tokenizer.fromJson(uni, 'tokenizer.json')).message).toContain('tokenizer.json: model.vocab[1]: expected [piece, score]');
    const t = bertJson();
    t['post_processor'] = { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '[X]', type_id: 0 } }], pair: [], special_tokens: {} };
    expect(thrown(() => Tokenizer.fromJson(t, 'tokenizer.json')).message).toContain('tokenizer.json: post_processor.single[0].SpecialToken.id: "[X]" is not a key of special_tokens');
  });
});

describe('files', () => {
  it('broken JSON names the file (the JsonFileError every model file gives)', async () => {
    const src = memorySource('/m', new Map([['tokenizer.json', enc.encode('{"model": {"type": "WordPiece",')]]));
    const e = await loadTokenizer(src).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(JsonFileError);
    expect((e as JsonFileError).file).toBe('/m/tokenizer.json');
    expect((e as JsonFileError).message).toMatch(/^\/m\/tokenizer\.json: is not valid JSON: /);
  });

  it('a truncated .model names the file and the message', async () => {
    const bytes = new Uint8Array(readFileSync(join(TOKENIZER_FIXTURES, 'unigram/sentencepiece.bpe.model')));
    const src = memorySource('/m', new Map([['sentencepiece.bpe.model', bytes.subarray(0, Math.floor(bytes.length / 3))]]));
    const e = await thrownAsync(loadTokenizer(src));
    expect(e.message).toMatch(/^\/m\/sentencepiece\.bpe\.model: ModelProto: is not a valid SentencePiece model .*truncated/);
  });

  it('a BPE-type .model is refused naming trainer_spec.model_type', () => {
    // pieces { piece: "a" score: -1 } trainer_spec { model_type: BPE }
    const bytes = new Uint8Array([0x0a, 0x08, 0x0a, 0x01, 0x61, 0x15, 0x00, 0x00, 0x80, 0xbf, 0x12, 0x02, 0x18, 0x02]);
    const spm = parseSentencePieceModel(bytes, 'x.model');
    expect(spm.trainerSpec.modelType).toBe('BPE');
    expect(spm.pieces).toEqual([{ piece: 'a', score: -1, type: 'NORMAL' }]);
    // proto2 defaults for absent fields: add_dummy_prefix and friends read as true.
    expect(spm.normalizerSpec.addDummyPrefix).toBe(true);
    expect(spm.normalizerSpec.removeExtraWhitespaces).toBe(true);
    return thrownAsync(loadTokenizer(memorySource('/m', new Map([['sentencepiece.bpe.model', bytes]])))).then((e) => {
      expect(e.message).toContain('/m/sentencepiece.bpe.model: trainer_spec.model_type: is BPE');
    });
  });

  it('no tokenizer files at all', async () => {
    const e = await thrownAsync(loadTokenizer(memorySource('/empty', new Map([['config.json', enc.encode('{}')]]))));
    expect(e.at).toBe('files');
    expect(e.message).toContain('no tokenizer.json, vocab.txt');
  });

  it('a merges.txt line that is not a pair names the line', async () => {
    const vocab = readFileSync(join(TOKENIZER_FIXTURES, 'bpe/vocab.json'));
    const src = memorySource('/m', new Map([['vocab.json', new Uint8Array(vocab)], ['merges.txt', enc.encode('#version: 0.2\nĠ t\nbroken\n')]]));
    const e = await thrownAsync(loadTokenizer(src));
    expect(e.message).toContain('/m/merges.txt: line 3: expected "left right"');
  });

  it('an empty vocab.txt', async () => {
    const e = await thrownAsync(loadTokenizer(memorySource('/m', new Map([['vocab.txt', enc.encode('')]]))));
    expect(e.message).toContain('/m/vocab.txt: line 1: the vocabulary is empty');
  });
});
