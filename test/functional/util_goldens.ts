// Loader for test/pipeline/goldens/util.json (written by test/pipeline/make_util_goldens.py).
import { readFileSync } from 'node:fs';

export type Mat = number[][];
export interface UtilGoldens {
  embeddings: Mat; queries: Mat; a: Mat; b: Mat; b_pair: Mat;
  similarity: Record<string, Mat | number[]>;
  semantic_search: Record<string, { corpus_id: number; score: number }[][]>;
  paraphrase_mining: Record<string, [number, number, number][]>;
  community_detection: Record<string, number[][]>;
  quantize: Record<string, Mat>;
  quantize_calibrated: { calibration: Mat; int8: Mat; uint8: Mat };
  pooling: Record<string, unknown>;
}

export const UTIL_GOLDENS: UtilGoldens = JSON.parse(
  readFileSync(new URL('../pipeline/goldens/util.json', import.meta.url), 'utf8'),
) as UtilGoldens;

/** float32 results against the reference: 1e-5 max abs (contract tolerance, cpu). */
export const CPU_ATOL = 1e-5;

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
