// tokenizer.json regexes run as JavaScript RegExps, which backtrack without limit: a repetition
// inside a repetition is refused by name when the tokenizer loads, and the patterns real
// tokenizers use still compile.
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../../src/errors.js';
import { Tokenizer } from '../../src/tokenizers/tokenizer.js';
import { nestedQuantifier } from '../../src/tokenizers/util/regex.js';

const GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
const LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** A WordPiece tokenizer whose pre-tokenizer splits on `pattern`. */
function withSplit(pattern: string): unknown {
  return {
    model: { type: 'WordPiece', vocab: { a: 0, '[UNK]': 1 }, unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100 },
    pre_tokenizer: { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false },
  };
}

describe('regex blow-up', () => {
  it('(a+)+$ (45.8 s on 29 characters before) is refused when the tokenizer loads', () => {
    const load = (): Tokenizer => Tokenizer.fromJson(withSplit('(a+)+$'), 'evil/tokenizer.json');
    expect(load).toThrow(TokenizerError);
    expect(load).toThrow('evil/tokenizer.json: pre_tokenizer.pattern: pattern "(a+)+$" repeats a repetition in "(a+)+", which backtracks exponentially in a JavaScript RegExp; refused');
  });

  it.each([['(a+)+$', '(a+)+'], ['(\\s*x)*', '(\\s*x)*'], ['(?:(a|b)+c){2,}', '(?:(a|b)+c){2,}'], ['([a-z]+)*', '([a-z]+)*'], ['((a*)b?)+', '((a*)b?)+']])(
    'nested repetition in %s', (pattern, part) => {
      expect(nestedQuantifier(pattern)).toBe(part);
    });

  it.each([GPT2, LLAMA3, '\\w+|[^\\w\\s]+', ' {2,}', '(?:a{2}){3}', '((ab)+)?', '(a+)++', '[(]+', '\\(a+\\)+', '(a|b)*'])('%s is allowed', (pattern) => {
    expect(nestedQuantifier(pattern)).toBeNull();
  });

  it('the GPT-2 pattern still splits as the reference does', () => {
    const t = Tokenizer.fromJson(withSplit(GPT2), 't.json');
    expect(t.encode("a's  a").tokens).toEqual(['a', '[UNK]', '[UNK]', '[UNK]']); // tokenizers 0.23.3: a / 's / ' ' / ' a'
  });

  it('a pattern longer than MAX_PATTERN_LENGTH is refused', () => {
    expect(() => Tokenizer.fromJson(withSplit('a'.repeat(5000)), 'long.json')).toThrow('long.json: pre_tokenizer.pattern: pattern of 5000 characters is longer than the limit of 4096 (MAX_PATTERN_LENGTH)');
  });
});
