// all-mpnet-base-v2's tokenizer (tokenizer.json: BERT normalizer and pre-tokenizer, WordPiece,
// RobertaProcessing with <s> ... </s>) on every sentence of STSb train/dev/test: raw ids and
// SentenceTransformer.tokenize() ids (max_seq_length 384) equal the reference's, which
// `npm run goldens:tokenizers` writes into .cache/goldens/tokenizers/stsb-<split>.json when the
// model is fetched (`npm run fetch-model -- all-mpnet-base-v2`). Skips, saying why, where the model
// is missing (never in CI, see realModelAbsence); stsb.test.ts checks the same entries with the rest.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeForModel } from '../../src/tokenizers/index.js';
import { MPNET_MODEL_NAME as MPNET, realModelAbsence } from '../helpers/goldens.js';
import { mismatches, rawIds, report } from './compare.js';
import { loadDir, readGoldens, requireCache, resolveDir, ROOT } from './helpers.js';

const SCRIPT = 'npm run goldens:tokenizers';
const ABSENT = realModelAbsence(MPNET);
if (ABSENT !== undefined) console.warn(`${MPNET} tokenizer tests ${ABSENT}`);

describe.skipIf(ABSENT !== undefined).each(['train', 'dev', 'test'])(`${MPNET} tokenizer on STSb %s${ABSENT === undefined ? '' : ` (${ABSENT})`}`, (split) => {
  const path = join(ROOT, `.cache/goldens/tokenizers/stsb-${split}.json`);

  it('raw ids and model ids equal the reference for every sentence', async () => {
    requireCache(path, SCRIPT);
    const g = readGoldens(path);
    const raw = g.tokenizers[MPNET];
    const model = g.models[MPNET];
    expect(raw, `${path} lacks ${MPNET}: run \`${SCRIPT}\` (after \`npm run fetch-model -- ${MPNET}\`)`).toBeDefined();
    expect(model, `${path} lacks ${MPNET}'s model ids`).toBeDefined();
    expect(model!.dir).toBe(`.cache/models/${MPNET}`);
    expect(model!.max_seq_length).toBe(384);
    expect(g.strings.length).toBeGreaterThan(2000);
    // The reference wraps every sentence in <s> (0) ... </s> (2).
    for (const ids of model!.input_ids) expect([ids[0], ids.at(-1)]).toEqual([0, 2]);

    const tok = await loadDir(resolveDir(model!.dir));
    const badRaw = mismatches(g.strings, raw!.ids, rawIds(tok));
    expect(badRaw.length, report(`${split} ${MPNET} raw`, g.strings.length, badRaw)).toBe(0);
    const opts = { maxSeqLength: model!.max_seq_length, doLowerCase: model!.do_lower_case };
    // One batch per 64 sentences, as the model sees them; padding is stripped by the mask.
    const got: number[][] = [];
    for (let i = 0; i < g.strings.length; i += 64) {
      const b = encodeForModel(tok, g.strings.slice(i, i + 64), opts);
      b.input_ids.forEach((ids, k) => got.push(ids.filter((_, j) => b.attention_mask[k]![j] === 1)));
    }
    const bad = mismatches(g.strings, model!.input_ids, (_s, i) => got[i]!);
    expect(bad.length, report(`${split} model ${MPNET}`, g.strings.length, bad)).toBe(0);
  }, 300_000);
});
