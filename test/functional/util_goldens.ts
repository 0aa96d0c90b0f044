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
