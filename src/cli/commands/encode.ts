// `sbert encode`: one JSON line per text, {"index": i, "embedding": [...]}, or a .npy / raw float32
// matrix. Also holds the model, backend, input and progress helpers the other commands share.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { useWasmThreads } from '../../backends/node_wasm_threads.js';
import { ArgumentError } from '../../errors.js';
import { defaultModelName } from '../../hub/registry.js';
import { useFastKernels } from '../../kernels/index.js';
import type { DownloadProgress } from '../../hub/download.js';
import { SentenceTransformer } from '../../index.node.js';
import type { QuantizedRow } from '../../util/quantization.js';
import { intOption, option, parseArgs, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { EMBED_HELP, EMBED_SPEC, encodeOptionsOf, formatEmbeddings, formatOption, parseEmbedFlags } from '../embed_flags.js';
import { writeResult } from '../output.js';
import { progressReporter } from '../progress.js';

export const MODEL_HELP = `  --model M        a model name of models/registry.json (default ${defaultModelName()}), a model
                   folder (converted or not), a .zip, a hub id (owner/name) or an http(s) URL
  --backend B      tfjs backend: wasm (default) or cpu (pure JS, slow)
  --threads N      wasm: XNNPACK threads for the dense layers (default ${availableParallelism()}, one per core)
  --stock-kernels  wasm: tfjs's own kernels only (default: src/kernels' faster attention, GELU, gather)
  --quiet          no progress on stderr (a bar on a terminal, else at most one line a second)`;

export const MODEL_SPEC = {
  model: { kind: 'string' },
  backend: { kind: 'string' },
  threads: { kind: 'string' },
  'stock-kernels': { kind: 'flag' },
  quiet: { kind: 'flag' },
} as const;

/** Progress on stderr: a bar on a terminal, else throttled lines (src/cli/progress.ts); none with --quiet. */
export function progressBar(args: ParsedArgs, label: string): ((done: number, total: number | undefined) => void) | undefined {
  return progressReporter(label, { quiet: args.flags.has('quiet') });
}

/**
 * Sets the backend named by --backend (wasm by default). On wasm: XNNPACK on --threads threads
 * and the fast kernels unless --stock-kernels; results equal the stock single-thread backend's
 * within float32 rounding (test/backends, test/kernels).
 */
export async function useBackend(args: ParsedArgs): Promise<void> {
  const backend = option(args, 'backend', 'wasm')!;
  if (backend !== 'wasm' && backend !== 'cpu') throw new ArgumentError('--backend', `must be wasm or cpu, got "${backend}"`);
  if (backend === 'cpu') {
    if (option(args, 'threads') !== undefined) throw new ArgumentError('--threads', 'applies to --backend wasm only');
    if (!(await tf.setBackend(backend))) throw new ArgumentError('--backend', `${backend} could not be initialised`);
  } else {
    const threads = intOption(args, 'threads', availableParallelism());
    if (!args.flags.has('stock-kernels')) useFastKernels();
    await useWasmThreads(threads);
  }
  await tf.ready();
}

/** The model the command uses: --model, else the registry's default; the same for every command. */
export function cliModelName(args: ParsedArgs): string {
  return option(args, 'model', defaultModelName())!;
}

/** Loads --model (default all-MiniLM-L6-v2) on the chosen backend, with download progress. */
export async function loadCliModel(args: ParsedArgs, name = cliModelName(args)): Promise<SentenceTransformer> {
  await useBackend(args);
  const bar = progressBar(args, 'download');
  const onProgress = bar === undefined ? undefined : (p: DownloadProgress): void => bar(p.loaded, p.total);
  return (await SentenceTransformer.load(name, onProgress === undefined ? {} : { onProgress })) as SentenceTransformer;
}

/** All of stdin as UTF-8 text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Texts from a .txt (one per line) or .jsonl file (one JSON string, or {"text": ...}, per line);
 * `-` reads stdin, one text per line. `flag` names the option in errors.
 */
export async function readTexts(path: string, flag = '--input'): Promise<string[]> {
  const text = path === '-' ? await readStdin() : await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ArgumentError(flag, `cannot read ${path}: ${e.code ?? e.message}`);
  });
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (!path.endsWith('.jsonl')) return lines;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ArgumentError(flag, `${path}:${i + 1} is not JSON: ${(e as Error).message}`);
    }
    if (typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string') v = (v as { text: string }).text;
    if (typeof v !== 'string') throw new ArgumentError(flag, `${path}:${i + 1} must be a JSON string or {"text": "..."}`);
    out.push(v);
  });
  return out;
}

/** --input FILE's texts, then the TEXT arguments; a TEXT of `-` (or --input -) reads stdin's lines. */
export async function inputTexts(args: ParsedArgs): Promise<string[]> {
  const input = option(args, 'input');
  const texts = input === undefined ? [] : await readTexts(input);
  for (const t of args.positional) texts.push(...(t === '-' && input !== '-' ? await readTexts('-') : [t]));
  return texts;
}

const HELP = `Usage: sbert encode [--model M] [--batch-size N] [--normalize] [--input FILE] [TEXT...]

Embeds texts and prints one JSON object per line: {"index": i, "embedding": [...]}, in input order;
or, with --format npy / f32, an [N, D] matrix.

Options:
${MODEL_HELP}
  --batch-size N       texts per forward pass (default 32)
  --normalize          unit-length embeddings
  --input FILE         texts from FILE: .txt (one text per line) or .jsonl (one JSON string per
                       line); \`-\` reads stdin, one text per line. TEXT arguments come after the
                       file's texts; a TEXT of \`-\` also reads stdin
${EMBED_HELP}
  --format F           jsonl (default), npy (a NumPy .npy file: float32, or int8 / uint8 for the
                       quantized precisions) or f32 (raw little-endian float32, row-major, no header)

Examples:
  sbert encode --normalize "A man is eating food." "A man is riding a horse."
  sbert encode --input texts.txt --format npy --output embeddings.npy   # numpy.load("embeddings.npy")
  cat texts.txt | sbert encode --precision int8 -
`;

export const command: Command = {
  name: 'encode',
  summary: 'embed texts; one JSON line {"index", "embedding"} per text, or a .npy / float32 matrix',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, { ...MODEL_SPEC, ...EMBED_SPEC, 'batch-size': { kind: 'string' }, normalize: { kind: 'flag' }, input: { kind: 'string' } });
    const flags = parseEmbedFlags(args);
    const format = formatOption(args, ['jsonl', 'npy', 'f32'] as const, 'jsonl');
    if (format === 'f32' && flags.precision !== 'float32') formatEmbeddings([], format, flags.precision); // fails before loading the model
    const texts = await inputTexts(args);
    if (texts.length === 0) throw new ArgumentError('TEXT', 'give texts as arguments, with --input FILE or `-` for stdin (see `sbert encode --help`)');
    const batchSize = intOption(args, 'batch-size', 32);
    const model = await loadCliModel(args);
    try {
      const bar = progressBar(args, 'encode');
      const embeddings: QuantizedRow[] = (await model.encode(texts, {
        ...encodeOptionsOf(flags),
        batchSize,
        precision: flags.precision,
        normalizeEmbeddings: args.flags.has('normalize'),
        ...(bar === undefined || texts.length <= batchSize ? {} : { onProgress: bar }),
      })) as QuantizedRow[];
      await writeResult(flags.output, formatEmbeddings(embeddings, format, flags.precision), format !== 'jsonl');
    } finally {
      model.dispose();
    }
    return 0;
  },
};
