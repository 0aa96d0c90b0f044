// Shared by the all-mpnet-base-v2 tests (mpnet.test.ts, mpnet_wasm.test.ts): the model through
// SentenceTransformer.load('all-mpnet-base-v2') (registry name -> .cache/models/all-mpnet-base-v2
// from `npm run fetch-model -- all-mpnet-base-v2` -> converted into a temp cache), encoded in
// slices with a macrotask yield between them, and compared with the reference's
// sentence_embedding rows (.cache/goldens/all-mpnet-base-v2, written by sentence-transformers).
import { SentenceTransformer } from '../../src/index.node.js';
import { MPNET_MODEL_NAME, type RealGoldens } from '../helpers/goldens.js';

export const MPNET = MPNET_MODEL_NAME;

/** Lets vitest's worker answer its RPCs: a synchronous stretch over ~60 s fails the run. */
export const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface Comparison { maxAbs: number; minCos: number; worstSentence: number }

/** Max abs difference and min cosine of `got[k]` against the reference row of sentence `rows[k]`. */
export function compareRows(g: RealGoldens, rows: readonly number[], got: readonly Float32Array[]): Comparison {
  const ref = g.tensor('sentence_embedding');
  const D = ref.shape[1]!;
  let maxAbs = 0;
  let minCos = 1;
  let worstSentence = -1;
  rows.forEach((r, k) => {
    const v = got[k]!;
    if (v.length !== D) throw new Error(`sentence ${r}: ${v.length} dimensions, reference ${D}`);
    const w = (ref.data as Float32Array).subarray(r * D, (r + 1) * D);
    let dot = 0, nv = 0, nw = 0, worst = 0;
    for (let i = 0; i < D; i++) {
      const d = Math.abs(v[i]! - w[i]!);
      if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
      dot += v[i]! * w[i]!;
      nv += v[i]! ** 2;
      nw += w[i]! ** 2;
    }
    if (worst > maxAbs || worstSentence < 0) {
      maxAbs = worst;
      worstSentence = r;
    }
    minCos = Math.min(minCos, dot / Math.sqrt(nv * nw));
  });
  return { maxAbs, minCos, worstSentence };
}

/**
 * Encodes sentences `rows` of the goldens in slices of `slice` sentences (each slice one
 * encode() call: length-sorted batches of `batchSize`), yielding to the event loop in between.
 * Rows are taken in reference token-length order so each slice holds sentences of similar length.
 */
export async function encodeRows(model: SentenceTransformer, g: RealGoldens, rows: readonly number[], batchSize: number, slice: number): Promise<{ order: number[]; got: Float32Array[] }> {
  const ids = g.meta.input_ids;
  const order = [...rows].sort((a, b) => ids[a]!.length - ids[b]!.length || a - b);
  const got: Float32Array[] = [];
  for (let start = 0; start < order.length; start += slice) {
    await yieldToEventLoop();
    const texts = order.slice(start, start + slice).map((r) => g.meta.sentences[r]!);
    got.push(...(await model.encode(texts, { batchSize })));
  }
  return { order, got };
}
