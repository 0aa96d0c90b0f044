// ByteLevel post-processor: ids and types pass through; offsets trimmed of spaces when trim_offsets.
import { concatEncodings } from '../encoding.js';
import type { PostProcessor } from './post_processor.js';
import { trimOffsets } from './trim_offsets.js';

export function byteLevelProcessing(trim: boolean, addPrefixSpace: boolean): PostProcessor {
  const t = (e: Parameters<typeof trimOffsets>[0]) => (trim ? trimOffsets(e, addPrefixSpace) : e);
  return {
    addedTokens: () => 0,
    process: (a, b) => (b === null ? t(a) : concatEncodings(t(a), t(b))),
  };
}
