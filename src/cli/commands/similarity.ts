// `sbert similarity TEXT TEXT...`: the similarity matrix of the texts under the model's
// similarity function (cosine for most models), as a readable table or JSON.
import { ArgumentError } from '../../errors.js';
import type { QuantizedRow } from '../../util/quantization.js';
import { parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { EMBED_HELP, EMBED_SPEC, encodeF32, encodeOptionsOf, formatOption, NPY_DTYPE, parseEmbedFlags, scoringRows } from '../embed_flags.js';
import { encodeNpy } from '../npy.js';
import { writeResult } from '../output.js';
import { cliModelName, inputTexts, loadCliModel, MODEL_HELP, MODEL_SPEC, progressBar } from './encode.js';

const HELP = `Usage: sbert similarity [--model M] [--json] [--input FILE] TEXT TEXT...

Embeds the texts and prints res[i][j] = similarity(text i, text j) with the model's similarity
function (config_sentence_transformers.json similarity_fn_name; cosine when absent).

Options:
${MODEL_HELP}
  --json           print {"similarity_fn_name", "texts", "similarity": [[...]]} instead of a table
  --input FILE     texts from a .txt (one per line) or .jsonl file, before the TEXT arguments;
                   \`-\` (or a TEXT of \`-\`) reads stdin, one text per line
${EMBED_HELP}
                   With --precision int8 / uint8 the similarity is of the quantized values; with
                   binary / ubinary each bit is taken as +1 / -1 (cosine = 1 - 2 * hamming / dims)
  --format F       table (default), jsonl (= --json), npy (an [N, N] float32 .npy matrix) or f32
                   (raw little-endian float32, row-major)

Example:
  sbert similarity "A man is eating food." "A man is eating a piece of bread." "The girl is carrying a baby."
`;

/** A fixed-width matrix with row labels "[i] text" and column headers "[j]". */
export function formatMatrix(texts: readonly string[], m: readonly (readonly number[])[]): string {
  const cols = texts.map((_, j) => `[${j}]`.padStart(8)).join('');
  const label = (t: string): string => (t.length > 40 ? `${t.slice(0, 37)}...` : t);
  const w = Math.max(...texts.map((t, i) => `[${i}] ${label(t)}`.length));
  const rows = texts.map((t, i) => `${`[${i}] ${label(t)}`.padEnd(w)}${m[i]!.map((v) => v.toFixed(4).padStart(8)).join('')}`);
  return [`${''.padEnd(w)}${cols}`, ...rows].join('\n');
}

export const command: Command = {
  name: 'similarity',
  summary: 'similarity matrix of texts (readable table, or --json)',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, { ...MODEL_SPEC, ...EMBED_SPEC, json: { kind: 'flag' }, input: { kind: 'string' } });
    const flags = parseEmbedFlags(args);
    const format = formatOption(args, ['table', 'jsonl', 'npy', 'f32'] as const, args.flags.has('json') ? 'jsonl' : 'table');
    const texts = await inputTexts(args);
    if (texts.length < 2) throw new ArgumentError('TEXT', `needs at least two texts, got ${texts.length} (see \`sbert similarity --help\`)`);
    const model = await loadCliModel(args);
    try {
      const bar = progressBar(args, 'encode');
      const rows: QuantizedRow[] = (await model.encode(texts, {
        ...encodeOptionsOf(flags),
        precision: flags.precision,
        ...(bar === undefined || texts.length <= 32 ? {} : { onProgress: bar }),
      })) as QuantizedRow[];
      const dims = flags.truncateDim ?? model.embeddingDimension;
      const emb = scoringRows(rows, flags.precision, Math.min(dims, model.embeddingDimension));
      const sim = model.similarity(emb, emb);
      let out: string | Uint8Array;
      if (format === 'jsonl') out = `${JSON.stringify({ similarity_fn_name: model.similarityFnName, texts, similarity: sim })}\n`;
      else if (format === 'npy') out = encodeNpy(sim, sim.length, NPY_DTYPE.float32);
      else if (format === 'f32') out = encodeF32(sim);
      else out = `${model.similarityFnName} similarity (${cliModelName(args)})\n${formatMatrix(texts, sim)}\n`;
      await writeResult(flags.output, out, format === 'npy' || format === 'f32');
    } finally {
      model.dispose();
    }
    return 0;
  },
};
