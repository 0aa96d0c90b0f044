// What an evaluator needs from a model: sentences in, one embedding per sentence out.
// SentenceTransformer (src/pipeline) satisfies it; so does any wrapper around another model.
import { ArgumentError } from '../errors.js';

export interface EncodeOptions {
  batchSize: number;
}

/**
 * Anything with an encode() that returns one embedding row per text (Float32Array or number[]).
 * The result is typed loosely so that SentenceTransformer, whose encode() is overloaded on its
 * options, fits as it is; embed() checks the rows at run time.
 */
export interface SentenceEncoder {
  encode(texts: string[], options: EncodeOptions): Promise<unknown>;
}

/** model.encode(texts), checked: one row per text, every row a Float32Array or number[] of one width. */
export async function embed(model: SentenceEncoder, texts: readonly string[], batchSize: number): Promise<Float32Array[]> {
  const out = await model.encode([...texts], { batchSize });
  if (!Array.isArray(out) || out.length !== texts.length) {
    throw new ArgumentError('model.encode', `must return an array of ${texts.length} embeddings, got ${Array.isArray(out) ? `${out.length} rows` : typeof out}`);
  }
  const rows = out.map((row: unknown, i) => {
    if (row instanceof Float32Array) return row;
    if (Array.isArray(row) && row.every((v) => typeof v === 'number')) return Float32Array.from(row as number[]);
    throw new ArgumentError('model.encode', `row ${i} must be a Float32Array or number[], got ${Object.prototype.toString.call(row)}`);
  });
  const width = rows[0]?.length;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new ArgumentError('model.encode', `row ${i} has ${r.length} dimensions, row 0 has ${width}`);
  });
  return rows;
}

/** Metric name -> value, keyed as the reference evaluators key them (e.g. `spearman_cosine`). */
export type Metrics = Record<string, number>;

/**
 * Encodes each distinct sentence once and returns the embeddings in `sentences` order
 * (the reference's BinaryClassificationEvaluator does the same; the others encode each list whole).
 */
export async function encodeDistinct(
  model: SentenceEncoder,
  sentences: readonly string[],
  batchSize: number,
): Promise<Float32Array[]> {
  const distinct = [...new Set(sentences)];
  const embeddings = await embed(model, distinct, batchSize);
  const bySentence = new Map(distinct.map((s, i) => [s, embeddings[i]!] as const));
  return sentences.map((s) => bySentence.get(s)!);
}

/** `name_key` for every key when the evaluator has a name, as the reference's prefix_name_to_metrics. */
export function prefixMetrics(metrics: Metrics, name: string): Metrics {
  if (name === '') return metrics;
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${name}_${k}`, v]));
}

export function checkSameLength(what: string, lists: Record<string, { readonly length: number }>): void {
  const entries = Object.entries(lists);
  const [firstName, first] = entries[0]!;
  for (const [name, list] of entries.slice(1)) {
    if (list.length !== first.length) {
      throw new ArgumentError(what, `${name} has ${list.length} entries but ${firstName} has ${first.length}`);
    }
  }
}
