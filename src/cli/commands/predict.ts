// `sbert predict --model DIR --pairs FILE`: a cross-encoder's score of each pair, one JSON line
// per pair: {"index": i, "score": x} for one label, {"index": i, "scores": [...]} for more.
import { readFile } from 'node:fs/promises';
import { ACTIVATIONS, isActivationName } from '../../cross_encoder/activation.js';
import { ArgumentError } from '../../errors.js';
import type { TextPair } from '../../tokenizers/encode_pairs_for_model.js';
import { intOption, option, parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { CROSS_ENCODER_HELP, loadCliCrossEncoder } from './cross_encoder_model.js';
import { MODEL_SPEC, progressBar } from './encode.js';

const HELP = `Usage: sbert predict --model M --pairs FILE [--batch-size N] [--activation A] [--apply-softmax]

Scores each pair with a cross-encoder (sentence-transformers CrossEncoder.predict) and prints one
JSON line per pair, in input order: {"index": i, "score": x} for a one-label model,
{"index": i, "scores": [x, ...]} for a model with several labels.

Options:
${CROSS_ENCODER_HELP}
  --pairs FILE     JSONL, one pair per line: ["first", "second"] or {"sentence1": ..., "sentence2": ...}
  --batch-size N   pairs per forward pass (default 32)
  --activation A   Sigmoid, Identity, Tanh, ReLU or Softmax instead of the model's own
                   (Sigmoid for one label, else Identity, unless the folder names another)
  --apply-softmax  softmax over the labels (models with several labels)

Example:
  sbert predict --model ./my-cross-encoder --pairs pairs.jsonl
`;

/** Pairs from a JSONL file: [a, b] arrays or {"sentence1", "sentence2"} objects, blank lines skipped. */
export async function readPairs(path: string): Promise<TextPair[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new ArgumentError('--pairs', `cannot read ${path}: ${e.code ?? e.message}`);
  });
  const pairs: TextPair[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new ArgumentError('--pairs', `${path}:${i + 1} is not JSON: ${(e as Error).message}`);
    }
    const o = v as { sentence1?: unknown; sentence2?: unknown };
    const pair = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? [o.sentence1, o.sentence2] : [];
    if (pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new ArgumentError('--pairs', `${path}:${i + 1} must be ["first", "second"] or {"sentence1": "...", "sentence2": "..."}`);
    }
    pairs.push([pair[0], pair[1]]);
  });
  return pairs;
}

export const command: Command = {
  name: 'predict',
  summary: 'cross-encoder scores of text pairs (JSONL in, one JSON line per pair out)',
  help: HELP,
  async run(argv) {
    const args = parseArgs(argv, {
      ...MODEL_SPEC, pairs: { kind: 'string' }, 'batch-size': { kind: 'string' }, activation: { kind: 'string' }, 'apply-softmax': { kind: 'flag' },
    });
    if (args.positional.length > 0) throw new ArgumentError(args.positional[0]!, 'is not an option of `sbert predict` (pairs come from --pairs FILE)');
    const file = option(args, 'pairs');
    if (file === undefined) throw new ArgumentError('--pairs', 'is required (see `sbert predict --help`)');
    const batchSize = intOption(args, 'batch-size', 32);
    const activation = option(args, 'activation');
    if (activation !== undefined && !isActivationName(activation)) {
      throw new ArgumentError('--activation', `must be one of ${Object.keys(ACTIVATIONS).join(', ')}, got "${activation}"`);
    }
    const pairs = await readPairs(file);
    const model = await loadCliCrossEncoder(args);
    try {
      const bar = progressBar(args, 'predict');
      const scores = await model.predict(pairs, {
        batchSize,
        applySoftmax: args.flags.has('apply-softmax'),
        ...(activation === undefined ? {} : { activationFn: activation }),
        ...(bar === undefined || pairs.length <= batchSize ? {} : { onProgress: bar }),
      });
      const lines = (scores as (number | number[])[]).map((s, index) => JSON.stringify(typeof s === 'number' ? { index, score: s } : { index, scores: s }));
      process.stdout.write(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    } finally {
      model.dispose();
    }
    return 0;
  },
};
