// The sequence-classification heads bind every checkpoint key as written (base under bert. /
// roberta. / distilbert. / mpnet., head keys at the top), the registry builds a head per architecture, and
// pairs are tokenized as the reference's CrossEncoder.preprocess (ids of 256 torture pairs).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BertForSequenceClassification } from '../../src/architectures/bert/bert_for_sequence_classification.js';
import { DistilBertForSequenceClassification } from '../../src/architectures/distilbert/distilbert_for_sequence_classification.js';
import { loadSequenceClassifier } from '../../src/architectures/load_sequence_classifier.js';
import { MPNetForSequenceClassification } from '../../src/architectures/mpnet/mpnet_for_sequence_classification.js';
import { ARCHITECTURES } from '../../src/architectures/registry.js';
import { RobertaForSequenceClassification } from '../../src/architectures/roberta/roberta_for_sequence_classification.js';
import { parseSequenceClassificationConfig } from '../../src/config/sequence_classification_config.js';
import { CrossEncoder } from '../../src/cross_encoder/cross_encoder.js';
import { ConfigError, WeightError } from '../../src/errors.js';
import { readJson } from '../../src/io/file_source.js';
import { disposeStored } from '../../src/io/host_weight.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { loadModuleWeights } from '../../src/modules/weights.js';
import { disposeModel, namedParameters } from '../../src/nn/parameters.js';
import { tinyModelDir } from '../helpers/goldens.js';
import { CROSS_ENCODERS, crossEncoderDir, crossEncoderGoldens } from './goldens.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const HEAD_CLASS = {
  bert: BertForSequenceClassification, roberta: RobertaForSequenceClassification, 'xlm-roberta': RobertaForSequenceClassification,
  distilbert: DistilBertForSequenceClassification, mpnet: MPNetForSequenceClassification,
} as const;

describe.each(CROSS_ENCODERS)('%s', (name) => {
  it('every checkpoint key binds to the head model; the module tree spells the keys', async () => {
    const source = nodeSource(crossEncoderDir(name));
    const config = await readJson(source, 'config.json');
    const { weights, file } = await loadModuleWeights(source, '');
    const { model, unusedKeys } = loadSequenceClassifier(config, weights, { config: 'config.json', weights: file });
    try {
      expect(unusedKeys).toEqual([]);
      expect(model).toBeInstanceOf(HEAD_CLASS[(config as { model_type: keyof typeof HEAD_CLASS }).model_type]);
      // The only key the tree places differently: BERT's pooler sits beside `bert` (bert_for_sequence_classification.ts).
      const names = namedParameters(model).map(([n]) => n.replace(/^pooler\./, 'bert.pooler.')).sort();
      const stored = [...weights.keys()].filter((k) => !k.endsWith('position_ids')).sort();
      expect(names).toEqual(stored);
    } finally {
      disposeModel(model);
      disposeStored(weights.values());
    }
  });
});

describe('registry and config', () => {
  it('every architecture of the registry names a head loader', () => {
    for (const a of ARCHITECTURES) expect(a.loadSequenceClassifier, a.modelTypes[0]).toBeTypeOf('function');
  });

  it('a bi-encoder checkpoint (no head) fails naming the missing head key', async () => {
    const source = nodeSource(tinyModelDir('tiny-bert'));
    const config = await readJson(source, 'config.json');
    const { weights, file } = await loadModuleWeights(source, '');
    expect(() => loadSequenceClassifier(config, weights, { config: 'config.json', weights: file })).toThrow(WeightError);
    expect(() => loadSequenceClassifier(config, weights, { config: 'config.json', weights: file })).toThrow(/bert\.embeddings\.word_embeddings\.weight" is missing/);
    disposeStored(weights.values());
  });

  it('num_labels / id2label as transformers reads them', () => {
    expect(parseSequenceClassificationConfig({ id2label: { 0: 'neg', 1: 'pos' }, num_labels: 5 })).toEqual({ num_labels: 2, id2label: ['neg', 'pos'] });
    expect(parseSequenceClassificationConfig({ num_labels: 1 })).toEqual({ num_labels: 1, id2label: ['LABEL_0'] });
    expect(parseSequenceClassificationConfig({})).toEqual({ num_labels: 2, id2label: ['LABEL_0', 'LABEL_1'] });
    expect(() => parseSequenceClassificationConfig({ id2label: { 0: 'a', 2: 'b' } }, 'x/config.json')).toThrow(ConfigError);
  });
});

describe('pair tokenization', () => {
  const g = crossEncoderGoldens().meta;
  it.each(['tiny-ce-bert-1', 'tiny-ce-roberta-1', 'tiny-ce-xlmr-1', 'tiny-ce-mpnet-1'] as const)('%s: ids of every pair equal CrossEncoder.preprocess; one padded batch', async (name) => {
    const ce = await CrossEncoder.fromSource(nodeSource(crossEncoderDir(name)));
    try {
      const want = g.pair_ids[g.models[name].tokenizer];
      const batch = ce.tokenize(g.pairs);
      const T = Math.max(...want.map((r) => r.length));
      expect(batch.input_ids.every((r) => r.length === T)).toBe(true);
      const ids = batch.input_ids.map((r, i) => r.filter((_, j) => batch.attention_mask[i]![j] === 1));
      ids.forEach((r, i) => expect(r, `pair ${i} ${JSON.stringify(g.pairs[i]).slice(0, 80)}`).toEqual(want[i]));
      expect(want.some((r) => r.length === ce.maxSeqLength)).toBe(true);
      if (name === 'tiny-ce-bert-1') {
        // [CLS] A [SEP] -> type 0, B [SEP] -> type 1.
        const types = batch.token_type_ids[0]!.filter((_, j) => batch.attention_mask[0]![j] === 1);
        const firstSep = ids[0]!.indexOf(3);
        expect(types.slice(0, firstSep + 1).every((t) => t === 0)).toBe(true);
        expect(types.slice(firstSep + 1).every((t) => t === 1)).toBe(true);
      }
      if (name === 'tiny-ce-mpnet-1') {
        // WordPiece pieces in RoBERTa's pair template: <s> A </s> </s> B </s> (<s> 0, </s> 2), no token types.
        for (const r of ids) expect([r[0], r.at(-1), r.some((t, j) => t === 2 && r[j + 1] === 2)]).toEqual([0, 2, true]);
        expect(batch.token_type_ids.every((r) => r.every((t) => t === 0))).toBe(true);
      }
    } finally {
      ce.dispose();
    }
  });
});
