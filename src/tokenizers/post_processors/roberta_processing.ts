// RobertaProcessing: <s> A </s>, pair <s> A </s> </s> B </s>, every type id 0; byte-level
// offsets trimmed of spaces when trim_offsets.
import { concatEncodings } from '../encoding.js';
import { specials, withTypeId, type PostProcessor } from './post_processor.js';
import { trimOffsets } from './trim_offsets.js';

export function robertaProcessing(cls: [string, number], sep: [string, number], trim: boolean, addPrefixSpace: boolean): PostProcessor {
  return {
    addedTokens: (isPair) => (isPair ? 4 : 2),
    process(a, b) {
      if (trim) {
        a = trimOffsets(a, addPrefixSpace);
        if (b !== null) b = trimOffsets(b, addPrefixSpace);
      }
      let out = concatEncodings(concatEncodings(specials([cls[1]], [cls[0]], 0), withTypeId(a, 0)), specials([sep[1]], [sep[0]], 0));
      if (b !== null) {
        out = concatEncodings(out, specials([sep[1]], [sep[0]], 0));
        out = concatEncodings(concatEncodings(out, withTypeId(b, 0)), specials([sep[1]], [sep[0]], 0));
      }
      return out;
    },
  };
}
