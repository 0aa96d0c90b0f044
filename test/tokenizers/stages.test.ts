// Unit tests of single stages, on fixtures from the reference's own docs and test suites
// and on first principles.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { longestFirstLengths } from '../../src/tokenizers/encoding.js';
import { createDecoder } from '../../src/tokenizers/decoders/create_decoder.js';
import { createNormalizer } from '../../src/tokenizers/normalizers/create_normalizer.js';
import { createPreTokenizer } from '../../src/tokenizers/pre_tokenizers/create_pre_tokenizer.js';
import { createModel } from '../../src/tokenizers/models/create_model.js';
import { Tokenizer, NormalizedString, pythonStrip } from '../../src/tokenizers/index.js';
import { BYTE_TO_CHAR, byteLevelChars, byteLevelDecode } from '../../src/tokenizers/util/byte_level_alphabet.js';
import { PrecompiledCharsmap } from '../../src/tokenizers/util/precompiled_charsmap.js';
import { loadDir, TOKENIZER_FIXTURES } from './helpers.js';

const F = 'tokenizer.json';
const norm = (json: unknown, text: string): string => createNormalizer(json, F)(NormalizedString.fromText(text)).text;
const pre = (json: unknown, text: string): [string, number, number][] =>
  createPreTokenizer(json, F)([NormalizedString.fromText(text)]).map((p) => [p.text, p.originalStart, p.ends[p.length - 1] ?? p.originalStart]);

describe('normalizers', () => {
  const bert = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true };
  it('BertNormalizer: clean text, CJK spacing, accents, per-code-point lowercase', () => {
    expect(norm(bert, 'Héllo, WORLD!')).toBe('hello, world!');
    expect(norm(bert, 'a\u200Db x\u00ADy a\u0000b\uFFFDc')).toBe('ab xy abc');
    expect(norm(bert, '\t\n\u3000')).toBe('   ');
    expect(norm(bert, '你好abc')).toBe(' 你  好 abc');
    // Final sigma is not context-sensitive in the fast tokenizer; İ keeps its dot as U+0307,
    // which strip_accents then removes.
    expect(norm(bert, 'ΟΔΟΣ')).toBe('οδοσ');
    expect(norm({ type: 'Lowercase' }, 'ΟΔΟΣ İ')).toBe('οδοσ i\u0307');
    expect(norm(bert, 'İstanbul')).toBe('istanbul');
    // U+2B820 (CJK Ext. E) is outside the fast tokenizer's ranges; U+2B920 is inside.
    expect(norm(bert, '\u{2B820}\u{2B920}')).toBe('\u{2B820} \u{2B920} ');
    const cased = { ...bert, lowercase: false };
    expect(norm(cased, 'Héllo')).toBe('Héllo');
  });

  it('NFC/NFD/NFKC/NFKD, StripAccents, Strip, Replace, Prepend, Sequence', () => {
    expect(norm({ type: 'NFD' }, 'é')).toBe('e\u0301');
    expect(norm({ type: 'NFC' }, 'e\u0301')).toBe('é');
    expect(norm({ type: 'NFKC' }, 'ﬁ①')).toBe('fi1');
    expect(norm({ type: 'NFKD' }, 'ﬁé')).toBe('fie\u0301');
    expect(norm({ type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }] }, 'naïve café')).toBe('naive cafe');
    expect(norm({ type: 'Strip', strip_left: true, strip_right: false }, '  a  ')).toBe('a  ');
    expect(norm({ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }, 'a    b  c')).toBe('a b c');
    expect(norm({ type: 'Replace', pattern: { String: '.' }, content: '!' }, 'a.b.')).toBe('a!b!');
    expect(norm({ type: 'Prepend', prepend: '▁' }, 'x')).toBe('▁x');
    expect(norm({ type: 'Prepend', prepend: '▁' }, '')).toBe('');
  });

  it('offsets follow each code point through expansion and removal', () => {
    const s = createNormalizer({ type: 'Lowercase' }, F)(NormalizedString.fromText('aİb'));
    expect(s.chars).toEqual(['a', 'i', '\u0307', 'b']);
    expect(s.starts).toEqual([0, 1, 1, 2]);
  });

  it('a precompiled charsmap blob that is too short is refused', () => {
    expect(() => new PrecompiledCharsmap(new Uint8Array([1, 0]), (d) => new Error(d))).toThrow(/2 bytes/);
    expect(() => new PrecompiledCharsmap(new Uint8Array([8, 0, 0, 0, 1]), (d) => new Error(d))).toThrow(/8-byte trie/);
  });
});

describe('pre-tokenizers', () => {
  it('BertPreTokenizer: the tokenizers test-suite fixture with offsets', () => {
    expect(pre({ type: 'BertPreTokenizer' }, 'Hey friend!     How are you?!?')).toEqual([
      ['Hey', 0, 3], ['friend', 4, 10], ['!', 10, 11], ['How', 16, 19], ['are', 20, 23], ['you', 24, 27], ['?', 27, 28], ['!', 28, 29], ['?', 29, 30],
    ]);
  });

  it('ByteLevel: the GPT-2 split pattern with White_Space semantics, then the byte alphabet', () => {
    const bl = { type: 'ByteLevel', add_prefix_space: false, use_regex: true };
    const words = (t: string): string[] => pre(bl, t).map(([w]) => byteLevelDecode(w));
    expect(words("Hello world's  test!!")).toEqual(['Hello', ' world', "'s", ' ', ' test', '!!']);
    expect(words('  leading')).toEqual([' ', ' leading']);
    expect(words('trailing  ')).toEqual(['trailing', '  ']);
    expect(words("I'M")).toEqual(['I', "'", 'M']);
    expect(words('3.14 1,000')).toEqual(['3', '.', '14', ' 1', ',', '000']);
    expect(words('x\u0085!')).toEqual(['x', '\u0085', '!']);
    expect(words('x\uFEFF!')).toEqual(['x', '\uFEFF!']);
    expect(pre({ ...bl, add_prefix_space: true }, 'hi')[0]![0]).toBe('Ġhi');
  });

  it('byte alphabet: the fixed points of bytes_to_unicode', () => {
    const table: [number, string][] = [[0x00, 'Ā'], [0x09, 'ĉ'], [0x0a, 'Ċ'], [0x0d, 'č'], [0x20, 'Ġ'], [0x7f, 'ġ'], [0x80, 'Ģ'], [0xa0, 'ł'], [0xad, 'Ń'], [0xff, 'ÿ'], [0x41, 'A']];
    for (const [b, c] of table) expect(BYTE_TO_CHAR[b]).toBe(c);
    expect(byteLevelChars('é').join('')).toBe('Ã©');
    expect(byteLevelChars('😀').join('')).toBe('ðŁĺĢ');
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
  });

  it('Metaspace prepend schemes and split; WhitespaceSplit; Whitespace', () => {
    expect(pre({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }, 'hello world').map(([w]) => w)).toEqual(['▁hello', '▁world']);
    expect(pre({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: false }, 'hello world').map(([w]) => w)).toEqual(['hello▁world']);
    expect(pre({ type: 'WhitespaceSplit' }, ' a\u3000b\u0085c ').map(([w]) => w)).toEqual(['a', 'b', 'c']);
    expect(pre({ type: 'Whitespace' }, 'Hey, où_es-tu?').map(([w]) => w)).toEqual(['Hey', ',', 'où_es', '-', 'tu', '?']);
  });

  it('Split with every delimiter behaviour, Punctuation, Digits', () => {
    const split = (behavior: string): string[] => pre({ type: 'Split', pattern: { String: '-' }, behavior, invert: false }, 'a-b--c').map(([w]) => w);
    expect(split('Removed')).toEqual(['a', 'b', 'c']);
    expect(split('Isolated')).toEqual(['a', '-', 'b', '-', '-', 'c']);
    expect(split('MergedWithPrevious')).toEqual(['a-', 'b-', '-', 'c']);
    expect(split('MergedWithNext')).toEqual(['a', '-b', '-', '-c']);
    expect(split('Contiguous')).toEqual(['a', '-', 'b', '--', 'c']);
    expect(pre({ type: 'Punctuation', behavior: 'Isolated' }, 'hi!?').map(([w]) => w)).toEqual(['hi', '!', '?']);
    expect(pre({ type: 'Digits', individual_digits: true }, 'a123').map(([w]) => w)).toEqual(['a', '1', '2', '3']);
    expect(pre({ type: 'Digits', individual_digits: false }, 'a123b').map(([w]) => w)).toEqual(['a', '123', 'b']);
  });
});

describe('models', () => {
  it('WordPiece: longest match first, unknown pieces make the whole word [UNK], length in code points', () => {
    const vocab = { '[UNK]': 0, un: 1, '##aff': 2, '##able': 3, a: 4, '##a': 5, '😀': 6, '##😀': 7 };
    const wp = createModel({ type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab }, F);
    expect(wp.tokenize('unaffable').map((t) => t.value)).toEqual(['un', '##aff', '##able']);
    expect(wp.tokenize('unaffxable').map((t) => t.value)).toEqual(['[UNK]']);
    expect(wp.tokenize('a'.repeat(100)).length).toBe(100);
    expect(wp.tokenize('a'.repeat(101)).map((t) => t.value)).toEqual(['[UNK]']);
    expect(wp.tokenize('😀'.repeat(60)).length).toBe(60); // 120 UTF-16 units, 60 code points
  });

  it('Unigram: the tokenizers docs fixture, unknowns fused', () => {
    const vocab = [['<unk>', 0], ['a', 0], ['b', 0], ['c', 0], ['d', 0], ['cd', 1], ['ab', 2], ['abc', 5], ['abcd', 10]];
    const u = createModel({ type: 'Unigram', unk_id: 0, vocab }, F);
    expect(u.tokenize('abcdacdxx').map((t) => [t.value, t.start, t.end])).toEqual([['abcd', 0, 4], ['a', 4, 5], ['cd', 5, 7], ['<unk>', 7, 9]]);
    expect(u.tokenize('xyz').map((t) => t.id)).toEqual([0]);
  });

  it('BPE: lowest rank first, every occurrence, continuing prefix', () => {
    const vocab = { a: 0, b: 1, c: 2, ab: 3, abc: 4, bc: 5 };
    const bpe = createModel({ type: 'BPE', vocab, merges: [['a', 'b'], 'b c', 'ab c'] }, F);
    expect(bpe.tokenize('abc').map((t) => t.value)).toEqual(['abc']);
    expect(bpe.tokenize('ababc').map((t) => t.value)).toEqual(['ab', 'abc']);
    expect(bpe.tokenize('bcx').map((t) => t.value)).toEqual(['bc']); // no unk_token: unknown x dropped
  });
});

describe('truncation and ST semantics', () => {
  it('longest_first lengths (tokenizers truncate_encodings)', () => {
    expect(longestFirstLengths(3, 10, 8)).toEqual([3, 5]);
    expect(longestFirstLengths(10, 3, 8)).toEqual([5, 3]);
    expect(longestFirstLengths(10, 10, 7)).toEqual([3, 4]);
    expect(longestFirstLengths(10, 12, 7)).toEqual([3, 4]);
    expect(longestFirstLengths(2, 3, 8)).toEqual([2, 3]);
  });

  it("pythonStrip matches Python's str.strip() whitespace set", () => {
    expect(pythonStrip('\x1c\u3000 a b\u0085\t')).toBe('a b');
    expect(pythonStrip('\uFEFFa\u200B')).toBe('\uFEFFa\u200B');
  });
});

describe('decoders', () => {
  it('WordPiece with cleanup, ByteLevel, Metaspace, Sequence (results checked with tokenizers 0.23.3)', () => {
    // cleanup runs per token, so " ' " never matches: the reference also gives "don ' t".
    expect(createDecoder({ type: 'WordPiece', prefix: '##', cleanup: true }, F)(['hello', ',', 'wor', '##ld', '!', 'don', "'", 't']).join('')).toBe("hello, world! don ' t");
    expect(createDecoder({ type: 'ByteLevel' }, F)(['Hello', 'Ġw', 'Ã©']).join('')).toBe('Hello wé');
    expect(createDecoder({ type: 'ByteLevel' }, F)(['x', 'ï»¿!']).join('')).toBe('x\uFEFF!'); // a BOM is text, not dropped
    expect(createDecoder({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'always' }, F)(['▁Hello', '▁wor', 'ld']).join('')).toBe('Hello world');
    expect(createDecoder({ type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] }, F)(['▁a', '<0xC3>', '<0xA9>']).join('')).toBe('aé');
  });
});

describe('added tokens', () => {
  const base = {
    model: { type: 'WordPiece', unk_token: '[UNK]', vocab: { '[UNK]': 0, a: 1, b: 2, x: 3 } },
    pre_tokenizer: { type: 'WhitespaceSplit' },
  };
  const tok = (added: object[]): Tokenizer => Tokenizer.fromJson({ ...base, added_tokens: added }, F);
  const t = (o: object) => ({ id: 10, content: '<m>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...o });

  // Tokens and offsets as tokenizers 0.23.3 gives them: a token's value is the text it matched.
  it('split before normalization, leftmost then longest, lstrip/rstrip/single_word', () => {
    expect(tok([t({}), t({ id: 11, content: '<m><m>' })]).encode('a<m><m>b<m>').tokens).toEqual(['a', '<m><m>', 'b', '<m>']);
    const l = tok([t({ lstrip: true })]).encode('a  <m> b');
    expect([l.tokens, l.offsets]).toEqual([['a', '  <m>', 'b'], [[0, 1], [1, 6], [7, 8]]]);
    const r = tok([t({ rstrip: true })]).encode('a <m>  b');
    expect([r.tokens, r.offsets]).toEqual([['a', '<m>  ', 'b'], [[0, 1], [2, 7], [7, 8]]]);
    // The first <m> touches a word character, so it stays text ("x<m>" is one unknown word).
    expect(tok([t({ single_word: true })]).encode('x<m> <m>').tokens).toEqual(['[UNK]', '<m>']);
  });

  it('normalized tokens are matched on the normalized text', () => {
    const lower = Tokenizer.fromJson({ ...base, normalizer: { type: 'Lowercase' }, added_tokens: [t({ content: 'AB', normalized: true })] }, F);
    expect(lower.encode('xAbx').tokens).toEqual(['x', 'ab', 'x']);
  });
});

describe('arbitrary UTF-16 input (lone surrogates included) never throws', () => {
  it.each(['wordpiece', 'bpe', 'unigram'])('%s', async (name) => {
    const tok = await loadDir(join(TOKENIZER_FIXTURES, name));
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const vocabSize = tok.model.vocabSize + tok.addedVocabulary.tokens.length;
    for (let k = 0; k < 300; k++) {
      const units = Array.from({ length: 1 + rand(40) }, () => (rand(4) === 0 ? 0xd800 + rand(0x800) : rand(0x10000)));
      const text = String.fromCharCode(...units);
      const e = tok.encode(text, text.slice(0, 5), { truncation: { maxLength: 16, strategy: 'LongestFirst', direction: 'Left' } });
      expect(e.ids.length).toBeLessThanOrEqual(16);
      for (const id of e.ids) expect(Number.isInteger(id) && id >= 0 && id < vocabSize + 2).toBe(true);
      expect(e.offsets.every(([a, b]) => a <= b && b <= Math.max(text.length, text.slice(0, 5).length))).toBe(true);
      expect(typeof tok.decode(e.ids)).toBe('string');
    }
  });
});
