// RobertaProcessing: <s> A </s>, pair <s> A </s> </s> B </s>, every type id 0.
import { concatEncodings } from '../encoding.js';
import { specials, withTypeId, type PostProcessor } from './post_processor.js';

export function robertaProcessing(cls: [string, number], sep: [string, number]): PostProcessor {
  return {
    addedTokens: (isPair) => (isPair ? 4 : 2),
    process(a, b) {
      let out = concatEncodings(concatEncodings(specials([cls[1]], [cls[0]], 0), withTypeId(a, 0)), specials([sep[1]], [sep[0]], 0));
      if (b !== null) {
        out = concatEncodings(out, specials([sep[1]], [sep[0]], 0));
        out = concatEncodings(concatEncodings(out, withTypeId(b, 0)), specials([sep[1]], [sep[0]], 0));
      }
      return out;
    },
  };
}
