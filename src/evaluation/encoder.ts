// What an evaluator needs from a model: sentences in, one embedding per sentence out.
// SentenceTransformer (src/pipeline) satisfies it; so does any wrapper around another model.
import { ArgumentError } from '../errors.js';

export interface EncodeOptions {
  batchSize?: number;
}

export interface SentenceEncoder {
  encode(texts: string[], options?: EncodeOptions): Promise<Float32Array[]>;
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
  const embeddings = await model.encode(distinct, { batchSize });
  if (embeddings.length !== distinct.length) {
    throw new ArgumentError('model.encode', `returned ${embeddings.length} embeddings for ${distinct.length} sentences`);
  }
  const bySentence = new Map(distinct.map((s, i) => [s, embeddings[i]!] as const));
  return sentences.map((s) => bySentence.get(s)!);
}

/** `name_key` for every key when the evaluator has a name, as the reference's prefix_name_to_metrics. */
export function prefixMetrics(metrics: Metrics, name: string): Metrics {
  if (name === '') return metrics;
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [`${name}_${k}`, v]));
}

export function checkSameLength(what: string, lists: Record<string, readonly unknown[]>): void {
  const entries = Object.entries(lists);
  const [firstName, first] = entries[0]!;
  for (const [name, list] of entries.slice(1)) {
    if (list.length !== first.length) {
      throw new ArgumentError(what, `${name} has ${list.length} entries but ${firstName} has ${first.length}`);
    }
  }
}
