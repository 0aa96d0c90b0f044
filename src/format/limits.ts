// Resource limits of every parser, in one place. Each says what it protects: a model file is
// untrusted input, and none of these may let a small file request a large allocation, a deep
// recursion or a long loop. Every limit is checked before the allocation or loop it sizes, and the
// error names the file, the field and the limit. The real models (all-MiniLM-L6-v2,
// all-mpnet-base-v2, the fixtures under test/fixtures) sit far below each one.

/**
 * safetensors header length in bytes: the reference reader's own limit (huggingface/safetensors
 * refuses N > 100,000,000).
 */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

/** Tensors in one checkpoint or weights manifest (a BERT-base has ~200; a 70B LLM ~1,000). */
export const MAX_TENSORS = 100_000;

/**
 * Elements of one tensor. 2^31 − 1 is also the largest length a typed array (and a tf.js tensor)
 * can have in the engines this runs on, so a larger shape could never be loaded anyway.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** Dimensions of one tensor (rank). */
export const MAX_TENSOR_RANK = 16;

/**
 * Bytes a pickle checkpoint may produce per byte of storage it holds. Tensors may alias one
 * storage (tied weights: 2×) and strided views may repeat elements (stride-0 `expand`), so the
 * output can exceed the storages; beyond this factor a file would be asking for memory it does not
 * carry. The state dicts torch.save writes for real models stay at or under 2×.
 */
export const MAX_CHECKPOINT_AMPLIFICATION = 4;

/** Output bytes always allowed whatever the storages hold (small expanded buffers, position ids). */
export const CHECKPOINT_AMPLIFICATION_FLOOR_BYTES = 1 << 20;

/** Nesting depth of any JSON model file (tokenizer.json nests ~6 deep, the others ~3). */
export const MAX_JSON_DEPTH = 64;

/** Entries in one zip archive (a model folder has tens; a torch.save archive one per storage). */
export const MAX_ZIP_ENTRIES = 10_000;

/** Declared uncompressed bytes of all entries of a zip archive (a model far larger than any BERT). */
export const MAX_ZIP_TOTAL_BYTES = 16 * 2 ** 30;

/**
 * Uncompressed bytes per archive byte, over the whole archive. Model folders compress ~1.1× (the
 * weights) to ~5× (vocabularies); a deflate bomb reaches ~1,000×.
 */
export const MAX_ZIP_RATIO = 100;

/** Uncompressed bytes always allowed whatever the ratio (a small archive of JSON files). */
export const ZIP_RATIO_FLOOR_BYTES = 64 * 2 ** 20;

/** UTF-16 code units of one text given to a tokenizer or an encoder call (16 Mi: a 10 MB text passes). */
export const MAX_TEXT_LENGTH = 16 * 2 ** 20;

/** Characters of one added or special token in tokenizer.json (the longest real ones are ~20). */
export const MAX_ADDED_TOKEN_LENGTH = 1024;

/** Length of one regex pattern in tokenizer.json (GPT-2's split pattern is ~60 characters). */
export const MAX_PATTERN_LENGTH = 4096;

/** Layers, heads, hidden sizes and other structural integers of a model config. */
export const MAX_CONFIG_DIMENSION = 1 << 20;

/** Encoder layers of one Transformer config (the largest encoders have 48). */
export const MAX_LAYERS = 1024;

/** Modules in modules.json. */
export const MAX_MODULES = 64;
