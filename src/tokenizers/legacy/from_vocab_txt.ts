// vocab.txt (+ tokenizer_config.json) -> the tokenizer.json transformers' BertTokenizer builds:
// BertNormalizer(do_lower_case, tokenize_chinese_chars, strip_accents), BertPreTokenizer,
// WordPiece, [CLS] $A [SEP] / [CLS] $A [SEP] $B:1 [SEP]:1.
import { TokenizerError } from '../../errors.js';
import type { TokenizerConfigJson, TokenizerJson } from '../tokenizer_json.js';
import { addedTokensFor, specialContent } from './special_tokens.js';

/** One token per line, id = line number; only the trailing "\n" is removed; a repeat keeps the last id. */
export function parseVocabTxt(text: string, file: string): Record<string, number> {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new TokenizerError(file, 'line 1', 'the vocabulary is empty');
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  lines.forEach((t, i) => {
    vocab[t] = i;
  });
  return vocab;
}

export function wordPieceJson(vocab: Record<string, number>, config: TokenizerConfigJson, file: string): TokenizerJson {
  const cls = specialContent(config, 'cls_token', '[CLS]');
  const sep = specialContent(config, 'sep_token', '[SEP]');
  const unk = specialContent(config, 'unk_token', '[UNK]');
  const idOf = (t: string): number | undefined => (Object.hasOwn(vocab, t) ? vocab[t] : undefined);
  const added = addedTokensFor(config, { unk_token: '[UNK]', sep_token: '[SEP]', pad_token: '[PAD]', cls_token: '[CLS]', mask_token: '[MASK]' }, idOf, Object.keys(vocab).length);
  const idOfSpecial = (t: string, field: string): number => {
    const id = added.find((a) => a.content === t)?.id ?? idOf(t);
    if (id === undefined) throw new TokenizerError(file, field, `${JSON.stringify(t)} is not in the vocabulary`);
    return id;
  };
  const lower = config.do_lower_case ?? true;
  return {
    added_tokens: added,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: config.tokenize_chinese_chars ?? true,
      strip_accents: config.strip_accents ?? null,
      lowercase: lower,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: sep, type_id: 1 } },
      ],
      special_tokens: {
        [cls]: { id: cls, ids: [idOfSpecial(cls, 'cls_token')], tokens: [cls] },
        [sep]: { id: sep, ids: [idOfSpecial(sep, 'sep_token')], tokens: [sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  };
}
