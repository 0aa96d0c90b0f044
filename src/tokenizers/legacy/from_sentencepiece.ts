// SentencePiece .model (+ tokenizer_config.json) -> the tokenizer.json transformers'
// XLMRobertaTokenizer builds: fairseq ids <s>=0 <pad>=1 </s>=2 <unk>=3, spm
// piece i>=3 -> i+1, <mask> last; Precompiled charsmap; WhitespaceSplit + Metaspace; Unigram.
import { TokenizerError } from '../../errors.js';
import type { TokenizerConfigJson, TokenizerJson } from '../tokenizer_json.js';
import type { SentencePieceModel } from './sentencepiece_model.js';
import { addedTokensFor, specialContent } from './special_tokens.js';

const XLMR_CLASSES = ['XLMRobertaTokenizer', 'XLMRobertaTokenizerFast'];

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function xlmRobertaJson(spm: SentencePieceModel, config: TokenizerConfigJson, file: string): TokenizerJson {
  const cls = config.tokenizer_class;
  if (cls !== undefined && !XLMR_CLASSES.includes(cls)) {
    throw new TokenizerError('tokenizer_config.json', 'tokenizer_class', `${JSON.stringify(cls)} with ${file} is not supported; known: ${XLMR_CLASSES.join(', ')} (or a tokenizer.json)`);
  }
  if (spm.trainerSpec.modelType !== 'UNIGRAM') {
    throw new TokenizerError(file, 'trainer_spec.model_type', `is ${spm.trainerSpec.modelType}; only UNIGRAM SentencePiece models are supported`);
  }
  const bos = specialContent(config, 'bos_token', '<s>');
  const pad = specialContent(config, 'pad_token', '<pad>');
  const eos = specialContent(config, 'eos_token', '</s>');
  const unk = specialContent(config, 'unk_token', '<unk>');
  const mask = specialContent(config, 'mask_token', '<mask>');
  const vocab: [string, number][] = [[bos, 0], [pad, 0], [eos, 0], [unk, 0]];
  for (const p of spm.pieces.slice(3)) vocab.push([p.piece, p.score]);
  vocab.push([mask, 0]);
  const idOf = new Map<string, number>();
  vocab.forEach(([p], i) => idOf.set(p, i));
  const added = addedTokensFor(config, { bos_token: bos, eos_token: eos, unk_token: unk, sep_token: eos, pad_token: pad, cls_token: bos, mask_token: mask }, (t) => idOf.get(t), vocab.length);
  const scheme = (config.add_prefix_space ?? true) ? 'always' : 'never';
  const charsmap = spm.normalizerSpec.precompiledCharsmap;
  const special = (t: string): { id: string; ids: number[]; tokens: string[] } => ({ id: t, ids: [idOf.get(t)!], tokens: [t] });
  return {
    added_tokens: added,
    normalizer: charsmap.length > 0 ? { type: 'Precompiled', precompiled_charsmap: bytesToBase64(charsmap) } : null,
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: '\u2581', prepend_scheme: scheme, split: true }] },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: eos, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: eos, type_id: 0 } },
        { SpecialToken: { id: eos, type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: eos, type_id: 0 } },
      ],
      special_tokens: { [bos]: special(bos), [eos]: special(eos) },
    },
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: scheme },
  };
}
