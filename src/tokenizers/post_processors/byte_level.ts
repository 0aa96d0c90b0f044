// ByteLevel post-processor: only trims offsets in tokenizers; ids and types pass through.
import { concatEncodings } from '../encoding.js';
import type { PostProcessor } from './post_processor.js';

export const byteLevelProcessing: PostProcessor = {
  addedTokens: () => 0,
  process: (a, b) => (b === null ? a : concatEncodings(a, b)),
};
