// Pairwise similarities res[i] = f(a[i], b[i]) as sentence-transformers' util/similarity.py
// pairwise_* functions, on plain Float32Arrays so the metrics need no tfjs backend.
// The reference computes them in float32 with torch; we accumulate in float64 and round the
// result to float32 (Math.fround), which agrees with torch to an ulp or so, and keeps the
// evaluators' threshold arithmetic (done in float32 by the reference) reproducible.
import { ArgumentError } from '../errors.js';

/** The names sentence-transformers uses for its similarity functions (`similarity_fn_name`). */
export type SimilarityFnName = 'cosine' | 'dot' | 'euclidean' | 'manhattan';

/** The order the reference evaluators list them in when asked for all four. */
export const ALL_SIMILARITY_FN_NAMES: readonly SimilarityFnName[] = ['cosine', 'euclidean', 'manhattan', 'dot'];

export function isSimilarityFnName(name: string): name is SimilarityFnName {
  return (ALL_SIMILARITY_FN_NAMES as readonly string[]).includes(name);
}

type Vectors = readonly ArrayLike<number>[];

function checkPairs(a: Vectors, b: Vectors, what: string): void {
  if (a.length !== b.length) throw new ArgumentError(what, `needs as many rows in a as in b, got ${a.length} and ${b.length}`);
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.length !== b[i]!.length) {
      throw new ArgumentError(what, `row ${i}: embedding widths differ, ${a[i]!.length} and ${b[i]!.length}`);
    }
  }
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * y[k]!;
  return s;
}

/** res[i] = a[i] . b[i] */
export function pairwiseDotScore(a: Vectors, b: Vectors): Float32Array {
  checkPairs(a, b, 'pairwiseDotScore');
  return Float32Array.from(a, (x, i) => dot(x, b[i]!));
}

/** res[i] = cos(a[i], b[i]); torch.nn.functional.normalize divides by max(||x||, 1e-12). */
export function pairwiseCosSim(a: Vectors, b: Vectors): Float32Array {
  checkPairs(a, b, 'pairwiseCosSim');
  const EPS = 1e-12;
  return Float32Array.from(a, (x, i) => {
    const y = b[i]!;
    return dot(x, y) / (Math.max(Math.sqrt(dot(x, x)), EPS) * Math.max(Math.sqrt(dot(y, y)), EPS));
  });
}

/** res[i] = -||a[i] - b[i]||_2 (a similarity: a negative distance). */
export function pairwiseEuclideanSim(a: Vectors, b: Vectors): Float32Array {
  checkPairs(a, b, 'pairwiseEuclideanSim');
  return Float32Array.from(a, (x, i) => {
    const y = b[i]!;
    let s = 0;
    for (let k = 0; k < x.length; k++) s += (x[k]! - y[k]!) ** 2;
    return -Math.sqrt(s);
  });
}

/** res[i] = -||a[i] - b[i]||_1 (a similarity: a negative distance). */
export function pairwiseManhattanSim(a: Vectors, b: Vectors): Float32Array {
  checkPairs(a, b, 'pairwiseManhattanSim');
  return Float32Array.from(a, (x, i) => {
    const y = b[i]!;
    let s = 0;
    for (let k = 0; k < x.length; k++) s += Math.abs(x[k]! - y[k]!);
    return -s;
  });
}

export const PAIRWISE_SIMILARITY: Readonly<Record<SimilarityFnName, (a: Vectors, b: Vectors) => Float32Array>> = {
  cosine: pairwiseCosSim,
  dot: pairwiseDotScore,
  euclidean: pairwiseEuclideanSim,
  manhattan: pairwiseManhattanSim,
};
