// post_processor section of tokenizer.json -> PostProcessor.
import { TokenizerError } from '../../errors.js';
import type { TemplatePiece } from '../tokenizer_json.js';
import { asObject, arr, bool, describe, typeOf, unknownType, type Obj } from '../util/json_fields.js';
import { bertProcessing } from './bert_processing.js';
import { byteLevelProcessing } from './byte_level.js';
import { concatEncodings } from '../encoding.js';
import type { PostProcessor } from './post_processor.js';
import { robertaProcessing } from './roberta_processing.js';
import { sequenceProcessing } from './sequence.js';
import { templateProcessing, type SpecialTokenEntry } from './template_processing.js';

const KNOWN = ['BertProcessing', 'RobertaProcessing', 'TemplateProcessing', 'ByteLevel', 'Sequence'];

/** No post-processor: the pair is simply concatenated. */
const none: PostProcessor = { addedTokens: () => 0, process: (a, b) => (b === null ? a : concatEncodings(a, b)) };

export function createPostProcessor(json: unknown, file: string, at = 'post_processor'): PostProcessor {
  if (json === null || json === undefined) return none;
  const type = typeOf(json, file, at);
  const o = asObject(json, file, at);
  switch (type) {
    case 'BertProcessing':
      return bertProcessing(tokenPair(o, 'cls', file, at), tokenPair(o, 'sep', file, at));
    case 'RobertaProcessing':
      return robertaProcessing(tokenPair(o, 'cls', file, at), tokenPair(o, 'sep', file, at), bool(o, 'trim_offsets', file, at, true), bool(o, 'add_prefix_space', file, at, true));
    case 'ByteLevel':
      return byteLevelProcessing(bool(o, 'trim_offsets', file, at, true), bool(o, 'add_prefix_space', file, at, true));
    case 'TemplateProcessing': {
      const specials = new Map<string, SpecialTokenEntry>();
      for (const [k, v] of Object.entries(asObject(o['special_tokens'], file, `${at}.special_tokens`))) {
        const e = asObject(v, file, `${at}.special_tokens[${JSON.stringify(k)}]`);
        const ids = e['ids'];
        const tokens = e['tokens'];
        if (!Array.isArray(ids) || !Array.isArray(tokens) || ids.length !== tokens.length || !ids.every((x) => Number.isInteger(x))) {
          throw new TokenizerError(file, `${at}.special_tokens[${JSON.stringify(k)}]`, `expected ids and tokens of equal length, found ${describe(e)}`);
        }
        specials.set(k, { ids: ids as number[], tokens: tokens as string[] });
      }
      const template = (key: 'single' | 'pair'): TemplatePiece[] =>
        arr(o, key, file, at).map((p, i) => templatePiece(p, specials, file, `${at}.${key}[${i}]`));
      return templateProcessing(template('single'), template('pair'), specials);
    }
    case 'Sequence':
      return sequenceProcessing(arr(o, 'processors', file, at).map((p, i) => createPostProcessor(p, file, `${at}.processors[${i}]`)));
    default:
      throw unknownType(file, at, type, KNOWN);
  }
}

function tokenPair(o: Obj, key: string, file: string, at: string): [string, number] {
  const v = o[key];
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Number.isInteger(v[1])) return [v[0], v[1] as number];
  throw new TokenizerError(file, `${at}.${key}`, `expected [token, id], found ${describe(v)}`);
}

function templatePiece(p: unknown, specials: ReadonlyMap<string, SpecialTokenEntry>, file: string, at: string): TemplatePiece {
  const o = asObject(p, file, at);
  if (o['SpecialToken'] !== undefined) {
    const s = asObject(o['SpecialToken'], file, `${at}.SpecialToken`);
    if (typeof s['id'] !== 'string' || !specials.has(s['id'])) {
      throw new TokenizerError(file, `${at}.SpecialToken.id`, `${describe(s['id'])} is not a key of special_tokens`);
    }
    return { SpecialToken: { id: s['id'], type_id: typeId(s, file, `${at}.SpecialToken`) } };
  }
  if (o['Sequence'] !== undefined) {
    const s = asObject(o['Sequence'], file, `${at}.Sequence`);
    if (s['id'] !== 'A' && s['id'] !== 'B') throw new TokenizerError(file, `${at}.Sequence.id`, `expected "A" or "B", found ${describe(s['id'])}`);
    return { Sequence: { id: s['id'], type_id: typeId(s, file, `${at}.Sequence`) } };
  }
  throw new TokenizerError(file, at, `expected {"SpecialToken": ...} or {"Sequence": ...}, found ${describe(p)}`);
}

function typeId(o: Obj, file: string, at: string): number {
  const v = o['type_id'] ?? 0;
  if (!Number.isInteger(v)) throw new TokenizerError(file, `${at}.type_id`, `expected an integer, found ${describe(v)}`);
  return v as number;
}
