// community_detection from sentence-transformers util/retrieval.py (the CPU path): communities
// of embeddings whose cosine similarity to a central point is >= threshold, largest first,
// without overlaps; the first element of each community is its centre.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';
import { l2Normalize } from '../functional/normalize.js';
import { toTensor2D, type EmbeddingMatrix } from './embeddings.js';

export interface CommunityDetectionOptions {
  threshold?: number; // reference default 0.75
  minCommunitySize?: number; // reference default 10
  batchSize?: number; // reference default 1024
}

export function communityDetection(embeddings: EmbeddingMatrix, options: CommunityDetectionOptions = {}): number[][] {
  // torch compares float32 scores with a float32 threshold tensor.
  const threshold = Math.fround(options.threshold ?? 0.75);
  const minSize = options.minCommunitySize ?? 10;
  const batchSize = options.batchSize ?? 1024;
  if (!Number.isInteger(minSize) || minSize <= 0) throw new ArgumentError('minCommunitySize', `must be a positive integer, got ${minSize}`);
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw new ArgumentError('batchSize', `must be a positive integer, got ${batchSize}`);

  const e = tf.tidy(() => l2Normalize(toTensor2D(embeddings, 'embeddings')));
  try {
    const [n] = e.shape;
    if (n === 0 || n < minSize) return [];
    const extracted: [number, number[]][] = [];
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      const scores = tf.tidy('communityDetection', () => tf.matMul(tf.slice(e, [start, 0], [end - start, -1]), e, false, true)); // [b, n]
      const data = scores.dataSync();
      scores.dispose();
      for (let r = 0; r < end - start; r++) {
        const row = data.subarray(r * n, (r + 1) * n);
        const close: number[] = [];
        for (let j = 0; j < n; j++) if (row[j]! >= threshold) close.push(j);
        // The reference first checks the min_community_size-th best score against the threshold.
        if (close.length < minSize) continue;
        close.sort((a, b) => row[b]! - row[a]! || a - b);
        extracted.push([start + r, close]);
      }
    }
    // Largest first (stable), then drop members already claimed by a larger community.
    extracted.sort((a, b) => b[1].length - a[1].length);
    const used = new Uint8Array(n);
    const unique: number[][] = [];
    for (const [center, community] of extracted) {
      if (used[center] === 1) continue;
      const free = community.filter((j) => used[j] === 0);
      if (free.length >= minSize) {
        const members = [center, ...free.filter((j) => j !== center)];
        for (const j of members) used[j] = 1;
        unique.push(members);
      }
    }
    return unique.sort((a, b) => b.length - a.length);
  } finally {
    e.dispose();
  }
}
