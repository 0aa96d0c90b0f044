// `sbert eval sts|triplets|pairs`: the reference's evaluators on a data file, for any model the
// pipeline loads. Prints a table, then, as its last line, one JSON object with every metric
// keyed as sentence-transformers reports it (pearson_cosine, spearman_cosine, ...).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ArgumentError } from '../../errors.js';
import {
  ALL_SIMILARITY_FN_NAMES,
  BINARY_METRICS,
  BinaryClassificationEvaluator,
  EmbeddingSimilarityEvaluator,
  TripletEvaluator,
  dialectFromPath,
  isSimilarityFnName,
  parseLabelledPairs,
  parseStsBenchmark,
  parseTriplets,
  type Dialect,
  type Metrics,
  type SentenceEncoder,
  type SimilarityFnName,
} from '../../evaluation/index.js';
import { intOption, option, parseArgs, type ParsedArgs } from '../args.js';
import type { Command } from '../command.js';
import { MODEL_HELP, MODEL_SPEC, cliModelName, loadCliModel } from './encode.js';

const HELP = `Usage: sbert eval <sts|triplets|pairs> --data FILE [--model M] [options]

Runs the sentence-transformers evaluators on a data file and prints a table, then, as the last
line, one JSON object with every metric under the key the reference uses (0..1 scale).

  sts       EmbeddingSimilarityEvaluator: Pearson and Spearman correlation of each similarity
            (cosine, euclidean, manhattan, dot) with the gold scores. Keys: pearson_cosine,
            spearman_cosine, ..., pearson_max, spearman_max.
  triplets  TripletEvaluator: fraction of triplets with sim(anchor, positive) > sim(anchor, negative).
            Keys: cosine_accuracy, ..., max_accuracy.
  pairs     BinaryClassificationEvaluator: best-threshold accuracy, best-threshold F1 with its
            precision and recall, average precision and MCC. Keys: cosine_accuracy,
            cosine_accuracy_threshold, cosine_f1, cosine_f1_threshold, cosine_precision,
            cosine_recall, cosine_ap, cosine_mcc, ..., max_<metric>.

Options:
  --data FILE        the data file (formats below)
  --similarity LIST  comma-separated subset of cosine,euclidean,manhattan,dot (default: all four)
  --batch-size N     sentences per forward pass (default 16, the reference's)
  --format F         csv or tsv for triplets/pairs (default: csv for *.csv, else tsv)
  --name NAME        prefix every key with NAME_ (as the reference's \`name\` argument does)
  --scale S          sts: divide the gold scores by S (default 5: STSb scores 0..5 -> 0..1)
${MODEL_HELP}

Data formats:
  sts       The STS benchmark's own files (sts-train/dev/test.csv): tab-separated, NO quoting
            (quote characters are text), one pair per line: genre, file, year, id, score (0..5),
            sentence1, sentence2; lines may carry extra columns after these, which are ignored.
            Scores are divided by 5 (--scale to change), as the reference's STSb examples do.
  triplets  anchor, positive, negative: one triplet per row.
  pairs     sentence1, sentence2, label: label 1 = duplicate / similar, 0 = not.
  For triplets and pairs: CSV is RFC 4180 (comma-separated; "quoted" fields may hold commas,
  line breaks and "" for a quote: what Python's csv module and spreadsheets write); TSV is
  tab-separated with no quoting. An optional first row naming the columns
  (anchor,positive,negative / sentence1,sentence2,label) is skipped. Empty lines are skipped.

Example:
  sbert eval sts --model .cache/models/all-MiniLM-L6-v2 --data ../shared/data/stsbenchmark/sts-test.csv
`;

const SPEC = {
  ...MODEL_SPEC,
  data: { kind: 'string' },
  similarity: { kind: 'string' },
  'batch-size': { kind: 'string' },
  format: { kind: 'string' },
  name: { kind: 'string' },
  scale: { kind: 'string' },
} as const;

function required(args: ParsedArgs, name: string): string {
  const v = option(args, name);
  if (v === undefined) throw new ArgumentError(`--${name}`, 'is required (see `sbert eval --help`)');
  return v;
}

function similarityNames(args: ParsedArgs): readonly SimilarityFnName[] {
  const raw = option(args, 'similarity');
  if (raw === undefined) return ALL_SIMILARITY_FN_NAMES;
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!isSimilarityFnName(n)) throw new ArgumentError('--similarity', `has unknown function "${n}"; known: ${ALL_SIMILARITY_FN_NAMES.join(', ')}`);
  }
  return names as SimilarityFnName[];
}

function dialect(args: ParsedArgs, path: string): Dialect {
  const f = option(args, 'format');
  if (f === undefined) return dialectFromPath(path);
  if (f !== 'csv' && f !== 'tsv') throw new ArgumentError('--format', `must be csv or tsv, got "${f}"`);
  return f;
}

function scale(args: ParsedArgs): number {
  const raw = option(args, 'scale', '5')!;
  const s = Number(raw);
  if (!(s > 0)) throw new ArgumentError('--scale', `must be a positive number, got "${raw}"`);
  return s;
}

const fmt = (v: number | undefined): string => (v === undefined ? '-' : Number.isNaN(v) ? 'nan' : v.toFixed(4));

/** One row per similarity function, one column per metric (keys `${prefix(metric, fn)}`). */
function table(metrics: Metrics, fns: readonly string[], columns: readonly string[], key: (fn: string, col: string) => string): string {
  const rows = [['similarity', ...columns], ...fns.map((fn) => [fn, ...columns.map((c) => fmt(metrics[key(fn, c)]))])];
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!))).join('  ')).join('\n');
}

interface Run {
  evaluate(model: SentenceEncoder): Promise<Metrics>;
  size: string;
  table(metrics: Metrics): string;
}

function makeRun(task: 'sts' | 'triplets' | 'pairs', text: string, file: string, args: ParsedArgs, fns: readonly SimilarityFnName[], batchSize: number): Run {
  const name = option(args, 'name', '')!;
  const p = name === '' ? '' : `${name}_`;
  const options = { similarityFnNames: fns, batchSize, name };
  switch (task) {
    case 'sts': {
      const d = parseStsBenchmark(text, file, scale(args));
      const e = new EmbeddingSimilarityEvaluator(d.sentences1, d.sentences2, d.scores, options);
      return {
        evaluate: (m) => e.evaluate(m),
        size: `${d.scores.length} pairs`,
        table: (r) => table(r, fns, ['pearson', 'spearman'], (fn, c) => `${p}${c}_${fn}`),
      };
    }
    case 'triplets': {
      const d = parseTriplets(text, file, dialect(args, file));
      const e = new TripletEvaluator(d.anchors, d.positives, d.negatives, options);
      return {
        evaluate: (m) => e.evaluate(m),
        size: `${d.anchors.length} triplets`,
        table: (r) => table(r, fns, ['accuracy'], (fn, c) => `${p}${fn}_${c}`),
      };
    }
    case 'pairs': {
      const d = parseLabelledPairs(text, file, dialect(args, file));
      const e = new BinaryClassificationEvaluator(d.sentences1, d.sentences2, d.labels, options);
      return {
        evaluate: (m) => e.evaluate(m),
        size: `${d.labels.length} pairs (${d.labels.filter((l) => l === 1).length} positive)`,
        table: (r) => table(r, fns, BINARY_METRICS, (fn, c) => `${p}${fn}_${c}`),
      };
    }
  }
}

export const command: Command = {
  name: 'eval',
  summary: 'Evaluate a model: STS correlation, triplet accuracy or duplicate-pair classification',
  help: HELP,
  async run(argv) {
    const [task, ...rest] = argv;
    if (task !== 'sts' && task !== 'triplets' && task !== 'pairs') {
      throw new ArgumentError('task', `must be sts, triplets or pairs, got ${task === undefined ? 'nothing' : `"${task}"`}: sbert eval <sts|triplets|pairs> --data FILE [--model M]`);
    }
    const args = parseArgs(rest, SPEC);
    const data = required(args, 'data');
    const fns = similarityNames(args);
    const batchSize = intOption(args, 'batch-size', 16);
    const file = basename(data);
    const text = await readFile(data, 'utf-8').catch((e: NodeJS.ErrnoException) => {
      throw new ArgumentError('--data', `cannot read ${data}: ${e.code ?? e.message}`);
    });
    const run = makeRun(task, text, data, args, fns, batchSize); // errors name the path as given
    const t0 = performance.now();
    const model = await loadCliModel(args);
    const metrics = await run.evaluate(model);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    const modelName = cliModelName(args); // the name the user gave (or the default), not a cache path
    process.stdout.write(`${task} on ${file}: ${run.size}, model ${modelName}, ${seconds} s\n\n${run.table(metrics)}\n\n`);
    // The last line is machine-readable: NaN (constant input) becomes null, as JSON has no NaN.
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
    return 0;
  },
};
