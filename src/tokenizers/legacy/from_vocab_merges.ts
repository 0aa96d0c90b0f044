// vocab.json + merges.txt (+ tokenizer_config.json) -> the tokenizer.json transformers'
// RobertaTokenizer builds: ByteLevel(add_prefix_space), BPE without unk, RobertaProcessing.
import { TokenizerError } from '../../errors.js';
import type { TokenizerConfigJson, TokenizerJson } from '../tokenizer_json.js';
import { addedTokensFor, specialContent } from './special_tokens.js';

/** "#version" header and blank lines skipped; each other line is "left right", its index the rank. */
export function parseMergesTxt(text: string, file: string): [string, string][] {
  const out: [string, string][] = [];
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('#version') || line === '') return;
    const parts = line.split(' ');
    if (parts.length !== 2) throw new TokenizerError(file, `line ${i + 1}`, `expected "left right", found ${JSON.stringify(line.slice(0, 60))}`);
    out.push([parts[0]!, parts[1]!]);
  });
  return out;
}

export function parseVocabJson(json: unknown, file: string): Record<string, number> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TokenizerError(file, '(top level)', 'expected an object of token -> id');
  for (const [t, id] of Object.entries(json)) {
    if (typeof id !== 'number' || !Number.isInteger(id)) throw new TokenizerError(file, JSON.stringify(t), `expected an integer id, found ${JSON.stringify(id)}`);
  }
  return json as Record<string, number>;
}

export function byteLevelBpeJson(vocab: Record<string, number>, merges: [string, string][], config: TokenizerConfigJson, file: string): TokenizerJson {
  const cls = specialContent(config, 'cls_token', '<s>');
  const sep = specialContent(config, 'sep_token', '</s>');
  const idOf = (t: string): number | undefined => (Object.hasOwn(vocab, t) ? vocab[t] : undefined);
  const added = addedTokensFor(config, { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', sep_token: '</s>', pad_token: '<pad>', cls_token: '<s>', mask_token: '<mask>' }, idOf, Object.keys(vocab).length);
  const idOfSpecial = (t: string, field: string): number => {
    const id = added.find((a) => a.content === t)?.id ?? idOf(t);
    if (id === undefined) throw new TokenizerError(file, field, `${JSON.stringify(t)} is not in the vocabulary`);
    return id;
  };
  const addPrefixSpace = config.add_prefix_space ?? false;
  return {
    added_tokens: added,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, vocab, merges },
    post_processor: { type: 'RobertaProcessing', sep: [sep, idOfSpecial(sep, 'sep_token')], cls: [cls, idOfSpecial(cls, 'cls_token')], trim_offsets: true, add_prefix_space: addPrefixSpace },
    decoder: { type: 'ByteLevel' },
  };
}
