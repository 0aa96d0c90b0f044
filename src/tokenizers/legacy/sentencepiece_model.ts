// SentencePiece `.model` files: a ModelProto protobuf (proto2). The message types are built here
// from the .proto text (only the fields we read); protobufjs honours the proto2
// defaults, so an absent add_dummy_prefix reads as true and an absent piece type as NORMAL.
import protobuf from 'protobufjs';
import { TokenizerError } from '../../errors.js';

const PROTO = `
syntax = "proto2";
message TrainerSpec {
  enum ModelType { UNIGRAM = 1; BPE = 2; WORD = 3; CHAR = 4; }
  optional ModelType model_type = 3 [default = UNIGRAM];
  optional int32 vocab_size = 4 [default = 8000];
  optional bool treat_whitespace_as_suffix = 24 [default = false];
  optional bool split_digits = 25 [default = false];
  optional bool byte_fallback = 35 [default = false];
  optional int32 unk_id = 40 [default = 0];
  optional int32 bos_id = 41 [default = 1];
  optional int32 eos_id = 42 [default = 2];
  optional int32 pad_id = 43 [default = -1];
  optional string unk_piece = 45 [default = "<unk>"];
  optional string bos_piece = 46 [default = "<s>"];
  optional string eos_piece = 47 [default = "</s>"];
  optional string pad_piece = 48 [default = "<pad>"];
  extensions 200 to max;
}
message NormalizerSpec {
  optional string name = 1;
  optional bytes precompiled_charsmap = 2;
  optional bool add_dummy_prefix = 3 [default = true];
  optional bool remove_extra_whitespaces = 4 [default = true];
  optional bool escape_whitespaces = 5 [default = true];
  extensions 200 to max;
}
message ModelProto {
  message SentencePiece {
    enum Type { NORMAL = 1; UNKNOWN = 2; CONTROL = 3; USER_DEFINED = 4; BYTE = 6; UNUSED = 5; }
    optional string piece = 1;
    optional float score = 2;
    optional Type type = 3 [default = NORMAL];
    extensions 200 to max;
  }
  repeated SentencePiece pieces = 1;
  optional TrainerSpec trainer_spec = 2;
  optional NormalizerSpec normalizer_spec = 3;
  optional NormalizerSpec denormalizer_spec = 5;
  extensions 200 to max;
}
`;

export type PieceType = 'NORMAL' | 'UNKNOWN' | 'CONTROL' | 'USER_DEFINED' | 'BYTE' | 'UNUSED';

export interface SentencePieceModel {
  pieces: { piece: string; score: number; type: PieceType }[];
  trainerSpec: { modelType: 'UNIGRAM' | 'BPE' | 'WORD' | 'CHAR'; unkId: number; byteFallback: boolean; treatWhitespaceAsSuffix: boolean };
  normalizerSpec: { name: string; precompiledCharsmap: Uint8Array; addDummyPrefix: boolean; removeExtraWhitespaces: boolean; escapeWhitespaces: boolean };
}

let modelProto: protobuf.Type | undefined;

function messageType(): protobuf.Type {
  modelProto ??= protobuf.parse(PROTO, { keepCase: true }).root.lookupType('ModelProto');
  return modelProto;
}

interface RawModel {
  pieces: { piece: string; score: number; type: PieceType }[];
  trainer_spec?: { model_type: string; unk_id: number; byte_fallback: boolean; treat_whitespace_as_suffix: boolean };
  normalizer_spec?: { name: string; precompiled_charsmap: Uint8Array; add_dummy_prefix: boolean; remove_extra_whitespaces: boolean; escape_whitespaces: boolean };
}

/** Decodes a `.model` file; `file` names it in errors (a truncated file fails here). */
export function parseSentencePieceModel(bytes: Uint8Array, file: string): SentencePieceModel {
  const type = messageType();
  let raw: RawModel;
  try {
    raw = type.toObject(type.decode(bytes), { defaults: true, enums: String, bytes: Uint8Array as unknown as typeof String }) as RawModel;
  } catch (e) {
    throw new TokenizerError(file, 'ModelProto', `is not a valid SentencePiece model (${(e as Error).message}); the file may be truncated`);
  }
  if (raw.pieces.length === 0) throw new TokenizerError(file, 'ModelProto.pieces', 'is empty; a SentencePiece model needs pieces');
  const ts = raw.trainer_spec;
  const ns = raw.normalizer_spec;
  return {
    pieces: raw.pieces.map((p) => ({ piece: p.piece, score: p.score, type: p.type })),
    trainerSpec: {
      modelType: (ts?.model_type ?? 'UNIGRAM') as SentencePieceModel['trainerSpec']['modelType'],
      unkId: ts?.unk_id ?? 0,
      byteFallback: ts?.byte_fallback ?? false,
      treatWhitespaceAsSuffix: ts?.treat_whitespace_as_suffix ?? false,
    },
    normalizerSpec: {
      name: ns?.name ?? '',
      precompiledCharsmap: ns?.precompiled_charsmap ?? new Uint8Array(0),
      addDummyPrefix: ns?.add_dummy_prefix ?? true,
      removeExtraWhitespaces: ns?.remove_extra_whitespaces ?? true,
      escapeWhitespaces: ns?.escape_whitespaces ?? true,
    },
  };
}
