// `sbert similarity TEXT TEXT...`: the similarity matrix of the texts under the model's
// similarity function (cosine for most models), as a readable table or JSON.
import { ArgumentError } from '../../errors.js';
import { defaultModelName } from '../../hub/registry.js';
import { option, parseArgs } from '../args.js';
import type { Command } from '../command.js';
import { loadCliModel, MODEL_HELP, MODEL_SPEC, progressBar, readTexts } from './encode.js';

const HELP = `Usage: sbert similarity [--model M] [--json] [--input FILE] TEXT TEXT...

Embeds the texts and prints res[i][j] = similarity(text i, text j) with the model's similarity
function (config_sentence_transformers.json similarity_fn_name; cosine when absent).

Options:
${MODEL_HELP}
  --json           print {"similarity_fn_name", "texts", "similarity": [[...]]} instead of a table
  --input FILE     texts from a .txt (one per line) or .jsonl file, before the TEXT arguments

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
    const args = parseArgs(argv, { ...MODEL_SPEC, json: { kind: 'flag' }, input: { kind: 'string' } });
    const input = option(args, 'input');
    const texts = [...(input === undefined ? [] : await readTexts(input)), ...args.positional];
    if (texts.length < 2) throw new ArgumentError('TEXT', `needs at least two texts, got ${texts.length} (see \`sbert similarity --help\`)`);
    const model = await loadCliModel(args);
    const bar = progressBar(args, 'encode');
    const emb = await model.encode(texts, bar === undefined || texts.length <= 32 ? {} : { onProgress: bar });
    const sim = model.similarity(emb, emb);
    if (args.flags.has('json')) process.stdout.write(`${JSON.stringify({ similarity_fn_name: model.similarityFnName, texts, similarity: sim })}\n`);
    else process.stdout.write(`${model.similarityFnName} similarity (${option(args, 'model', defaultModelName())})\n${formatMatrix(texts, sim)}\n`);
    model.dispose();
    return 0;
  },
};
