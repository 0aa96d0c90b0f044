// The embedding flags encode, similarity and search share: --prompt / --prompt-name (prompts of
// config_sentence_transformers.json, resolved by SentenceTransformer.resolvePrompt),
// --precision (src/util/quantization.ts), --truncate-dim, --output FILE and --format.
import { ArgumentError } from '../errors.js';
import type { EncodeOptions } from '../pipeline/encode_options.js';
import { PRECISIONS, type Precision, type QuantizedRow } from '../util/quantization.js';
import { intOption, option, type ParsedArgs } from './args.js';
import { encodeNpy, type NpyDtype } from './npy.js';

export const EMBED_SPEC = {
  prompt: { kind: 'string' },
  'prompt-name': { kind: 'string' },
  precision: { kind: 'string' },
  'truncate-dim': { kind: 'string' },
  output: { kind: 'string' },
  format: { kind: 'string' },
} as const;

export const EMBED_HELP = `  --prompt TEXT        a prompt put before every text (wins over --prompt-name)
  --prompt-name NAME   a prompt of the model's config_sentence_transformers.json "prompts"
                       (default: its default_prompt_name, if any)
  --precision P        float32 (default), int8, uint8 (per-dimension ranges from these texts),
                       binary or ubinary (sign bits packed 8 per byte), as quantize_embeddings
  --truncate-dim N     keep the first N dimensions (Matryoshka models)
  --output FILE        write the result to FILE (via a temp file and a rename) instead of stdout`;

export interface EmbedFlags {
  prompt: string | undefined;
  promptName: string | undefined;
  precision: Precision;
  truncateDim: number | undefined;
  output: string | undefined;
}

export function parseEmbedFlags(args: ParsedArgs): EmbedFlags {
  const precision = option(args, 'precision', 'float32')!;
  if (!PRECISIONS.includes(precision as Precision)) {
    throw new ArgumentError('--precision', `must be one of ${PRECISIONS.join(', ')}, got "${precision}"`);
  }
  const hasTruncate = option(args, 'truncate-dim') !== undefined;
  return {
    prompt: option(args, 'prompt'),
    promptName: option(args, 'prompt-name'),
    precision: precision as Precision,
    truncateDim: hasTruncate ? intOption(args, 'truncate-dim', 0) : undefined,
    output: option(args, 'output'),
  };
}

/** The encode() options for the flags (precision left out: callers quantize where they need to). */
export function encodeOptionsOf(f: EmbedFlags): EncodeOptions {
  return {
    ...(f.prompt === undefined ? {} : { prompt: f.prompt }),
    ...(f.promptName === undefined ? {} : { promptName: f.promptName }),
    ...(f.truncateDim === undefined ? {} : { truncateDim: f.truncateDim }),
  };
}

/** One value of `--format`, checked against the formats the command writes. */
export function formatOption<F extends string>(args: ParsedArgs, allowed: readonly F[], fallback: F): F {
  const f = option(args, 'format', fallback)!;
  if (!allowed.includes(f as F)) throw new ArgumentError('--format', `must be one of ${allowed.join(', ')}, got "${f}"`);
  return f as F;
}

export const NPY_DTYPE: Record<Precision, NpyDtype> = { float32: '<f4', int8: '|i1', binary: '|i1', uint8: '|u1', ubinary: '|u1' };

/** Rows as raw little-endian float32, row-major (no header). */
export function encodeF32(rows: readonly ArrayLike<number>[]): Uint8Array {
  const width = rows[0]?.length ?? 0;
  const out = new Uint8Array(rows.length * width * 4);
  const view = new DataView(out.buffer);
  rows.forEach((r, i) => {
    for (let k = 0; k < width; k++) view.setFloat32((i * width + k) * 4, r[k]!, true);
  });
  return out;
}

/** The bytes or text of embeddings in `format` (jsonl: one {"index", "embedding"} per line). */
export function formatEmbeddings(rows: readonly QuantizedRow[], format: 'jsonl' | 'npy' | 'f32', precision: Precision): string | Uint8Array {
  if (format === 'jsonl') return rows.map((e, index) => `${JSON.stringify({ index, embedding: Array.from(e) })}\n`).join('');
  if (format === 'npy') return encodeNpy(rows, rows[0]?.length ?? 0, NPY_DTYPE[precision]);
  if (precision !== 'float32') {
    throw new ArgumentError('--format', `f32 holds float32 values; with --precision ${precision} use --format npy (dtype ${NPY_DTYPE[precision]}) or jsonl`);
  }
  return encodeF32(rows);
}

/**
 * Rows to score with a similarity function. int8 / uint8 values are used as numbers (what the
 * reference's similarity functions do with quantized arrays). Packed binary / ubinary rows are
 * unpacked to ±1 per dimension, so cosine = 1 - 2 * hamming / dims: a similarity that orders by
 * Hamming distance.
 */
export function scoringRows(rows: readonly QuantizedRow[], precision: Precision, dims: number): Float32Array[] {
  if (precision !== 'binary' && precision !== 'ubinary') return rows.map((r) => (r instanceof Float32Array ? r : Float32Array.from(r)));
  return rows.map((r) => {
    const out = new Float32Array(dims);
    for (let k = 0; k < dims; k++) {
      const byte = precision === 'binary' ? r[k >> 3]! + 128 : r[k >> 3]!;
      out[k] = (byte >> (7 - (k & 7))) & 1 ? 1 : -1;
    }
    return out;
  });
}
