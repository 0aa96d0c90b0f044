// `sbert encode`: one JSON line per text, {"index": i, "embedding": [...]}. Also holds the model,
// backend, input and progress helpers the similarity and search commands share.
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
import { intOption, option, parseArgs, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';

export const MODEL_HELP = `  --model M        a model name of models/registry.json (default ${defaultModelName()}), a model
                   folder (converted or not), a .zip, a hub id (owner/name) or an http(s) URL
  --backend B      tfjs backend: wasm (default) or cpu (pure JS, slow)
  --threads N      wasm: XNNPACK threads for the dense layers (default ${availableParallelism()}, one per core)
  --stock-kernels  wasm: tfjs's own kernels only (default: src/kernels' faster attention, GELU, gather)
  --quiet          no progress bar on stderr`;

export const MODEL_SPEC = {
  model: { kind: 'string' },
  backend: { kind: 'string' },
  threads: { kind: 'string' },
  'stock-kernels': { kind: 'flag' },
  quiet: { kind: 'flag' },
} as const;

/** A one-line progress bar on stderr (only on a terminal, and not with --quiet). */
export function progressBar(args: ParsedArgs, label: string): ((done: number, total: number | undefined) => void) | undefined {
  if (args.flags.has('quiet') || process.stderr.isTTY !== true) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    const finished = total !== undefined && done >= total;
    if (!finished && now - last < 100) return;
    last = now;
    const width = 30;
    const frac = total === undefined || total === 0 ? 0 : Math.min(1, done / total);
    const bar = total === undefined ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] `;
    process.stderr.write(`\r${label} ${bar}${total === undefined ? done : `${done}/${total}`}${finished ? '\n' : ''}`);
  };
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

/** Loads --model (default all-MiniLM-L6-v2) on the chosen backend, with download progress. */
export async function loadCliModel(args: ParsedArgs): Promise<SentenceTransformer> {
  await useBackend(args);
  const name = option(args, 'model', defaultModelName())!;
  const bar = progressBar(args, 'download');
  const onProgress = bar === undefined ? undefined : (p: DownloadProgress): void => bar(p.loaded, p.total);
  return (await SentenceTransformer.load(name, onProgress === undefined ? {} : { onProgress })) as SentenceTransformer;
}

/** Texts from a .txt (one per line) or .jsonl file (one JSON string, or {"text": ...}, per line). */
export async function readTexts(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ArgumentError('--input', `cannot read ${path}: ${e.code ?? e.message}`);
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
      throw new ArgumentError('--input', `${path}:${i + 1} is not JSON: ${(e as Error).message}`);
    }
    if (typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string') v = (v as { text: string }).text;
    if (typeof v !== 'string') throw new ArgumentError('--input', `${path}:${i + 1} must be a JSON string or {"text": "..."}`);
    out.push(v);
  });
  return out;
}

const HELP = `Usage: sbert encode [--model M] [--batch-size N] [--normalize] [--input FILE] [TEXT...]

Embeds texts and prints one JSON object per line: {"index": i, "embedding": [...]}, in input order.

Options:
${MODEL_HELP}
  --batch-size N   texts per forward pass (default 32)
  --normalize      unit-length embeddings
  --input FILE     texts from FILE: .txt (one text per line) or .jsonl (one JSON string per line);
                   TEXT arguments come after the file's texts

Example:
  sbert encode --normalize "A man is eating food." "A man is riding a horse."
`;

export const command: Command = {
  name: 'encode',
  summary: 'embed texts; one JSON line {"index", "embedding"} per text',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, { ...MODEL_SPEC, 'batch-size': { kind: 'string' }, normalize: { kind: 'flag' }, input: { kind: 'string' } });
    const input = option(args, 'input');
    const texts = [...(input === undefined ? [] : await readTexts(input)), ...args.positional];
    if (texts.length === 0) throw new ArgumentError('TEXT', 'give texts as arguments or with --input FILE (see `sbert encode --help`)');
    const batchSize = intOption(args, 'batch-size', 32);
    const model = await loadCliModel(args);
    const bar = progressBar(args, 'encode');
    const embeddings = await model.encode(texts, {
      batchSize,
      normalizeEmbeddings: args.flags.has('normalize'),
      ...(bar === undefined || texts.length <= batchSize ? {} : { onProgress: bar }),
    });
    const out = embeddings.map((e, index) => JSON.stringify({ index, embedding: Array.from(e) })).join('\n');
    process.stdout.write(`${out}\n`);
    model.dispose();
    return 0;
  },
};
