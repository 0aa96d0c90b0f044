// Readers for the evaluation data files. They take the file's text (so they run in the browser
// too) and the file name (for errors). Formats, as `sbert eval --help` documents them:
//  - STS benchmark: tab-separated, no quoting, score in column 5, sentences in columns 6 and 7
//    (1-based); some lines carry extra columns after them (sources), which are ignored. Scores
//    0..5 are divided by 5, as the reference's STSb examples do.
//  - triplets: anchor, positive, negative (CSV or TSV, optional header row `anchor,positive,negative`).
//  - pairs: sentence1, sentence2, label 0/1 (CSV or TSV, optional header row `sentence1,sentence2,label`).
import { ConfigError } from '../errors.js';
import { splitRows, type Dialect, type Row } from './delimited.js';

export interface ScoredPairs {
  sentences1: string[];
  sentences2: string[];
  /** Gold scores divided by `scale` (0..1 for STSb). */
  scores: number[];
}

export interface Triplets {
  anchors: string[];
  positives: string[];
  negatives: string[];
}

export interface LabelledPairs {
  sentences1: string[];
  sentences2: string[];
  /** 1 = similar / duplicate, 0 = not. */
  labels: number[];
}

/** STS benchmark columns, 0-based: genre, file, year, id, score, sentence1, sentence2[, extra...]. */
const STS_SCORE = 4;
const STS_SENTENCE1 = 5;
const STS_SENTENCE2 = 6;

export function parseStsBenchmark(text: string, file: string, scale = 5): ScoredPairs {
  const out: ScoredPairs = { sentences1: [], sentences2: [], scores: [] };
  for (const { line, fields } of splitRows(text, 'tsv', file)) {
    if (fields.length <= STS_SENTENCE2) {
      throw new ConfigError(file, `line ${line}`, `needs at least 7 tab-separated columns (score in 5, sentences in 6 and 7), found ${fields.length}`);
    }
    const raw = fields[STS_SCORE]!;
    const score = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(score)) {
      throw new ConfigError(file, `line ${line} column 5`, `must be a number (the gold score), found "${raw}"`);
    }
    out.sentences1.push(fields[STS_SENTENCE1]!);
    out.sentences2.push(fields[STS_SENTENCE2]!);
    out.scores.push(score / scale);
  }
  return out;
}

function isHeader(row: Row | undefined, names: readonly string[]): boolean {
  return row !== undefined && row.line === 1 && names.every((n, i) => row.fields[i]?.trim().toLowerCase() === n);
}

function columns(text: string, file: string, dialect: Dialect, names: readonly string[]): Row[] {
  const rows = splitRows(text, dialect, file);
  const body = isHeader(rows[0], names) ? rows.slice(1) : rows;
  for (const { line, fields } of body) {
    if (fields.length !== names.length) {
      throw new ConfigError(file, `line ${line}`, `needs ${names.length} ${dialect === 'csv' ? 'comma' : 'tab'}-separated columns (${names.join(', ')}), found ${fields.length}`);
    }
  }
  return body;
}

export function parseTriplets(text: string, file: string, dialect: Dialect): Triplets {
  const out: Triplets = { anchors: [], positives: [], negatives: [] };
  for (const { fields } of columns(text, file, dialect, ['anchor', 'positive', 'negative'])) {
    out.anchors.push(fields[0]!);
    out.positives.push(fields[1]!);
    out.negatives.push(fields[2]!);
  }
  return out;
}

export function parseLabelledPairs(text: string, file: string, dialect: Dialect): LabelledPairs {
  const out: LabelledPairs = { sentences1: [], sentences2: [], labels: [] };
  for (const { line, fields } of columns(text, file, dialect, ['sentence1', 'sentence2', 'label'])) {
    const raw = fields[2]!.trim();
    if (raw !== '0' && raw !== '1') throw new ConfigError(file, `line ${line} column 3`, `must be the label 0 or 1, found "${fields[2]!}"`);
    out.sentences1.push(fields[0]!);
    out.sentences2.push(fields[1]!);
    out.labels.push(Number(raw));
  }
  return out;
}
