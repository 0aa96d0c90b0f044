// Sequence of post-processors: the first one gets (A, B); each later one the merged result.
import type { Encoding } from '../encoding.js';
import type { PostProcessor } from './post_processor.js';

export function sequenceProcessing(steps: readonly PostProcessor[]): PostProcessor {
  return {
    addedTokens: (isPair) => steps.reduce((n, s) => n + s.addedTokens(isPair), 0),
    process(a, b) {
      let out: Encoding = a;
      let pair: Encoding | null = b;
      for (const s of steps) {
        out = s.process(out, pair);
        pair = null;
      }
      return out;
    },
  };
}
