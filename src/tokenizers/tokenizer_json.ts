// Types of tokenizer.json (`tokenizers` serialization "version": "1.0") and of
// tokenizer_config.json: one interface per "type". Parsers narrow `unknown` into these at the
// boundary and name the JSON path when a field is wrong.

export type Pattern = { String: string } | { Regex: string };

export type NormalizerJson =
  | { type: 'BertNormalizer'; clean_text?: boolean; handle_chinese_chars?: boolean; strip_accents?: boolean | null; lowercase?: boolean }
  | { type: 'Lowercase' | 'NFC' | 'NFD' | 'NFKC' | 'NFKD' | 'StripAccents' }
  | { type: 'Strip'; left?: boolean; right?: boolean; strip_left?: boolean; strip_right?: boolean }
  | { type: 'Replace'; pattern: Pattern; content: string }
  | { type: 'Prepend'; prepend: string }
  | { type: 'Precompiled'; precompiled_charsmap: string | null }
  | { type: 'Sequence'; normalizers: NormalizerJson[] };

export type SplitBehavior = 'Removed' | 'Isolated' | 'MergedWithPrevious' | 'MergedWithNext' | 'Contiguous';

export type PreTokenizerJson =
  | { type: 'BertPreTokenizer' | 'Whitespace' | 'WhitespaceSplit' }
  | { type: 'ByteLevel'; add_prefix_space?: boolean; trim_offsets?: boolean; use_regex?: boolean }
  | { type: 'Metaspace'; replacement?: string; prepend_scheme?: 'always' | 'first' | 'never'; split?: boolean; add_prefix_space?: boolean }
  | { type: 'Split'; pattern: Pattern; behavior: SplitBehavior; invert?: boolean }
  | { type: 'Punctuation'; behavior?: SplitBehavior }
  | { type: 'Digits'; individual_digits?: boolean }
  | { type: 'Sequence'; pretokenizers: PreTokenizerJson[] };

export interface WordPieceJson {
  type: 'WordPiece';
  unk_token: string;
  continuing_subword_prefix?: string;
  max_input_chars_per_word?: number;
  vocab: Record<string, number>;
}

export interface BpeJson {
  type: 'BPE';
  dropout?: number | null;
  unk_token?: string | null;
  continuing_subword_prefix?: string | null;
  end_of_word_suffix?: string | null;
  fuse_unk?: boolean;
  byte_fallback?: boolean;
  ignore_merges?: boolean;
  vocab: Record<string, number>;
  merges: (string | [string, string])[];
}

export interface UnigramJson {
  type: 'Unigram';
  unk_id: number | null;
  vocab: [string, number][];
  byte_fallback?: boolean;
}

export type ModelJson = WordPieceJson | BpeJson | UnigramJson;

export type TemplatePiece =
  | { SpecialToken: { id: string; type_id: number } }
  | { Sequence: { id: 'A' | 'B'; type_id: number } };

export type PostProcessorJson =
  | { type: 'BertProcessing'; sep: [string, number]; cls: [string, number] }
  | { type: 'RobertaProcessing'; sep: [string, number]; cls: [string, number]; trim_offsets?: boolean; add_prefix_space?: boolean }
  | {
      type: 'TemplateProcessing';
      single: TemplatePiece[];
      pair: TemplatePiece[];
      special_tokens: Record<string, { id: string; ids: number[]; tokens: string[] }>;
    }
  | { type: 'ByteLevel'; trim_offsets?: boolean; add_prefix_space?: boolean }
  | { type: 'Sequence'; processors: PostProcessorJson[] };

export type DecoderJson =
  | { type: 'WordPiece'; prefix?: string; cleanup?: boolean }
  | { type: 'ByteLevel' }
  | { type: 'Metaspace'; replacement?: string; prepend_scheme?: 'always' | 'first' | 'never'; add_prefix_space?: boolean }
  | { type: 'BPEDecoder'; suffix?: string }
  | { type: 'Replace'; pattern: Pattern; content: string }
  | { type: 'Strip'; content: string; start: number; stop: number }
  | { type: 'Fuse' | 'ByteFallback' }
  | { type: 'CTC'; pad_token?: string; word_delimiter_token?: string; cleanup?: boolean }
  | { type: 'Sequence'; decoders: DecoderJson[] };

export interface AddedTokenJson {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

export interface TruncationJson {
  direction?: 'Left' | 'Right';
  max_length: number;
  strategy?: 'LongestFirst' | 'OnlyFirst' | 'OnlySecond';
  stride?: number;
}

export interface PaddingJson {
  strategy?: 'BatchLongest' | { Fixed: number };
  direction?: 'Left' | 'Right';
  pad_to_multiple_of?: number | null;
  pad_id?: number;
  pad_type_id?: number;
  pad_token?: string;
}

export interface TokenizerJson {
  version?: string;
  truncation?: TruncationJson | null;
  padding?: PaddingJson | null;
  added_tokens?: AddedTokenJson[];
  normalizer?: NormalizerJson | null;
  pre_tokenizer?: PreTokenizerJson | null;
  post_processor?: PostProcessorJson | null;
  decoder?: DecoderJson | null;
  model: ModelJson;
}

/** A special token in tokenizer_config.json / special_tokens_map.json: a string or an AddedToken dict. */
export type SpecialTokenValue = string | { content: string; lstrip?: boolean; rstrip?: boolean; normalized?: boolean; single_word?: boolean };

/** The tokenizer_config.json fields we read (merged with special_tokens_map.json by the loader). */
export interface TokenizerConfigJson {
  tokenizer_class?: string;
  do_lower_case?: boolean;
  strip_accents?: boolean | null;
  tokenize_chinese_chars?: boolean;
  add_prefix_space?: boolean;
  model_max_length?: number;
  unk_token?: SpecialTokenValue;
  sep_token?: SpecialTokenValue;
  pad_token?: SpecialTokenValue;
  cls_token?: SpecialTokenValue;
  mask_token?: SpecialTokenValue;
  bos_token?: SpecialTokenValue;
  eos_token?: SpecialTokenValue;
  added_tokens_decoder?: Record<string, AddedTokenJson & { content: string }>;
}
