// BertProcessing: [CLS] A [SEP] (types 0), pair adds B [SEP] with type 1.
import { concatEncodings } from '../encoding.js';
import { specials, withTypeId, type PostProcessor } from './post_processor.js';

export function bertProcessing(cls: [string, number], sep: [string, number]): PostProcessor {
  return {
    addedTokens: (isPair) => (isPair ? 3 : 2),
    process(a, b) {
      let out = concatEncodings(concatEncodings(specials([cls[1]], [cls[0]], 0), withTypeId(a, 0)), specials([sep[1]], [sep[0]], 0));
      if (b !== null) out = concatEncodings(concatEncodings(out, withTypeId(b, 1)), specials([sep[1]], [sep[0]], 1));
      return out;
    },
  };
}
