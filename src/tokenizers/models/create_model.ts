// model section of tokenizer.json -> TokenizerModel.
import { TokenizerError } from '../../errors.js';
import { asObject, arr, bool, describe, int, str, typeOf, unknownType, type Obj } from '../util/json_fields.js';
import { Bpe } from './bpe.js';
import type { TokenizerModel } from './model.js';
import { Unigram } from './unigram.js';
import { WordPiece } from './word_piece.js';

const KNOWN = ['WordPiece', 'BPE', 'Unigram'];

export function createModel(json: unknown, file: string, at = 'model'): TokenizerModel {
  if (json === undefined || json === null) throw new TokenizerError(file, at, 'is missing; a tokenizer needs a model section');
  const o = asObject(json, file, at);
  // Files written by old `tokenizers` versions may omit the tag; infer it like tokenizers does.
  const type = o['type'] === undefined ? inferType(o, file, at) : typeOf(json, file, at);
  switch (type) {
    case 'WordPiece': {
      const { toId, toToken } = vocab(o, file, at);
      const unk = str(o, 'unk_token', file, at, '[UNK]');
      return new WordPiece(toId, toToken, {
        unkToken: unk,
        continuingSubwordPrefix: str(o, 'continuing_subword_prefix', file, at, '##'),
        maxInputCharsPerWord: int(o, 'max_input_chars_per_word', file, at, 100),
      }, () => new TokenizerError(file, `${at}.unk_token`, `${JSON.stringify(unk)} is not in ${at}.vocab`));
    }
    case 'BPE': {
      const { toId, toToken } = vocab(o, file, at);
      const merges = arr(o, 'merges', file, at).map((m, i) => mergePair(m, file, `${at}.merges[${i}]`));
      const prefix = str(o, 'continuing_subword_prefix', file, at, '');
      merges.forEach(([a, b], i) => {
        if (!toId.has(a) || !toId.has(b)) {
          throw new TokenizerError(file, `${at}.merges[${i}]`, `uses ${JSON.stringify(toId.has(a) ? b : a)}, which is not in ${at}.vocab`);
        }
        const merged = a + (prefix !== '' && b.startsWith(prefix) ? b.slice(prefix.length) : b);
        if (!toId.has(merged)) throw new TokenizerError(file, `${at}.merges[${i}]`, `makes ${JSON.stringify(merged)}, which is not in ${at}.vocab`);
      });
      const unk = o['unk_token'];
      return new Bpe(toId, toToken, merges, {
        unkToken: typeof unk === 'string' ? unk : null,
        continuingSubwordPrefix: prefix,
        endOfWordSuffix: str(o, 'end_of_word_suffix', file, at, ''),
        fuseUnk: bool(o, 'fuse_unk', file, at, false),
        byteFallback: bool(o, 'byte_fallback', file, at, false),
        ignoreMerges: bool(o, 'ignore_merges', file, at, false),
      });
    }
    case 'Unigram': {
      const pieces = arr(o, 'vocab', file, at).map((p, i): [string, number] => {
        if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'number') {
          throw new TokenizerError(file, `${at}.vocab[${i}]`, `expected [piece, score], found ${describe(p)}`);
        }
        return [p[0], p[1]];
      });
      const unkId = o['unk_id'];
      if (unkId !== null && unkId !== undefined && (typeof unkId !== 'number' || !Number.isInteger(unkId) || unkId < 0 || unkId >= pieces.length)) {
        throw new TokenizerError(file, `${at}.unk_id`, `expected an index into ${at}.vocab (0..${pieces.length - 1}), found ${describe(unkId)}`);
      }
      return new Unigram(pieces, typeof unkId === 'number' ? unkId : -1, bool(o, 'byte_fallback', file, at, false));
    }
    default:
      throw unknownType(file, at, type, KNOWN);
  }
}

function inferType(o: Obj, file: string, at: string): string {
  if (o['merges'] !== undefined) return 'BPE';
  if (o['continuing_subword_prefix'] !== undefined && o['unk_token'] !== undefined) return 'WordPiece';
  if (Array.isArray(o['vocab'])) return 'Unigram';
  throw new TokenizerError(file, `${at}.type`, 'is missing and cannot be inferred');
}

function vocab(o: Obj, file: string, at: string): { toId: Map<string, number>; toToken: Map<number, string> } {
  const v = asObject(o['vocab'], file, `${at}.vocab`);
  const toId = new Map<string, number>();
  const toToken = new Map<number, string>();
  for (const [t, id] of Object.entries(v)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new TokenizerError(file, `${at}.vocab[${JSON.stringify(t)}]`, `expected a non-negative integer id, found ${describe(id)}`);
    }
    toId.set(t, id);
    toToken.set(id, t);
  }
  return { toId, toToken };
}

function mergePair(m: unknown, file: string, at: string): [string, string] {
  if (typeof m === 'string') {
    const k = m.indexOf(' ');
    if (k > 0 && m.indexOf(' ', k + 1) === -1) return [m.slice(0, k), m.slice(k + 1)];
  } else if (Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string') {
    return [m[0], m[1]];
  }
  throw new TokenizerError(file, at, `expected "left right" or ["left", "right"], found ${describe(m)}`);
}
