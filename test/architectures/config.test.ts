import { describe, expect, it } from 'vitest';
import { parseBertConfig, type BertConfig } from '../../src/config/bert_config.js';
import { parseDistilBertConfig, type DistilBertConfig } from '../../src/config/distilbert_config.js';
import { ConfigError } from '../../src/errors.js';
import { normaliseKey } from '../../src/io/weight_store.js';
import { ARCHITECTURES, MODEL_TYPES, architectureOf, checkpointKeyPrefixes, maxEncoderLength, parseEncoderConfig } from '../../src/architectures/registry.js';

function errorOf(fn: () => unknown): ConfigError {
  try { fn(); } catch (e) { if (e instanceof ConfigError) return e; throw e; }
  throw new Error('did not throw');
}

const BERT = { model_type: 'bert', vocab_size: 100, hidden_size: 8, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 16, hidden_act: 'gelu', max_position_embeddings: 32, type_vocab_size: 2, layer_norm_eps: 1e-12, pad_token_id: 0 };

describe('BertConfig', () => {
  it('rejects heads not dividing hidden_size, naming the field and both numbers', () => {
    const e = errorOf(() => parseBertConfig({ ...BERT, num_attention_heads: 3 }, 'models/x/config.json'));
    expect(e.field).toBe('num_attention_heads');
    expect(e.message).toBe('models/x/config.json: field "num_attention_heads" (3) must divide hidden_size (8)');
  });
  it.each([
    [{ hidden_act: 'gelu_magic' }, 'hidden_act'],
    [{ hidden_size: 8.5 }, 'hidden_size'],
    [{ layer_norm_eps: '1e-12' }, 'layer_norm_eps'],
    [{ position_embedding_type: 'relative_key' }, 'position_embedding_type'],
    [{ is_decoder: true }, 'is_decoder'],
    [{ model_type: 'gpt2' }, 'model_type'],
    [{ pad_token_id: 100 }, 'pad_token_id'],
  ])('rejects %j naming %s', (patch, field) => {
    expect(errorOf(() => parseBertConfig({ ...BERT, ...patch })).field).toBe(field);
  });
  it('applies the class defaults, which differ for RoBERTa pad_token_id', () => {
    const { pad_token_id: _p, layer_norm_eps: _e, ...rest } = BERT;
    expect(parseBertConfig(rest).pad_token_id).toBe(0);
    expect(parseBertConfig({ ...rest, model_type: 'roberta' }).pad_token_id).toBe(1);
    expect(parseBertConfig(rest).layer_norm_eps).toBe(1e-12);
  });
});

describe('DistilBertConfig', () => {
  const D = { model_type: 'distilbert', vocab_size: 100, dim: 8, n_layers: 2, n_heads: 2, hidden_dim: 16, activation: 'gelu', max_position_embeddings: 32 };
  it('keeps its own field names and rejects n_heads not dividing dim', () => {
    expect(parseDistilBertConfig(D).dim).toBe(8);
    const e = errorOf(() => parseDistilBertConfig({ ...D, n_heads: 3 }));
    expect(e.message).toBe('config.json: field "n_heads" (3) must divide dim (8)');
  });
  it('is picked by model_type, or by n_layers in an old config without model_type', () => {
    expect(parseEncoderConfig(D).model_type).toBe('distilbert');
    const { model_type: _m, ...old } = D;
    expect(parseEncoderConfig(old).model_type).toBe('distilbert');
    const { model_type: _b, ...oldBert } = BERT;
    expect(parseEncoderConfig(oldBert).model_type).toBe('bert');
  });
});

describe('model_type of old configs (before transformers 2.4) without the field', () => {
  const { model_type: _b, ...oldBert } = BERT;
  const { pad_token_id: _p, ...oldNoPad } = oldBert;
  const oldDistil = { vocab_size: 100, dim: 8, n_layers: 2, n_heads: 2, hidden_dim: 16, activation: 'gelu', max_position_embeddings: 32 };
  it('is taken from architectures[0]: RobertaModel -> roberta, with RoBERTa\'s defaults', () => {
    const c = parseEncoderConfig({ ...oldNoPad, architectures: ['RobertaModel'] });
    expect(c.model_type).toBe('roberta');
    expect((c as BertConfig).pad_token_id).toBe(1);
    expect(maxEncoderLength(c)).toBe(30);
    expect(parseBertConfig({ ...oldNoPad, architectures: ['RobertaModel'] }).model_type).toBe('roberta');
  });
  it.each([
    ['XLMRobertaModel', 'xlm-roberta'], ['CamembertModel', 'camembert'], ['BertModel', 'bert'],
  ])('%s -> %s', (arch, type) => {
    expect(parseEncoderConfig({ ...oldNoPad, architectures: [arch] }).model_type).toBe(type);
  });
  it('DistilBertModel -> distilbert, also read directly by parseDistilBertConfig', () => {
    const c = parseEncoderConfig({ ...oldDistil, architectures: ['DistilBertModel'] });
    expect(c.model_type).toBe('distilbert');
    expect((c as DistilBertConfig).dim).toBe(8);
    expect(parseDistilBertConfig({ ...oldDistil, architectures: ['DistilBertModel'] }).model_type).toBe('distilbert');
  });
  it('without model_type and architectures stays bert (transformers 2.x default)', () => {
    expect(parseEncoderConfig(oldBert).model_type).toBe('bert');
    expect(parseBertConfig(oldBert).model_type).toBe('bert');
    expect(parseEncoderConfig({ ...oldBert, architectures: ['SomethingElse'] }).model_type).toBe('bert');
  });
  it('a stated model_type wins over architectures', () => {
    expect(parseEncoderConfig({ ...BERT, architectures: ['RobertaModel'] }).model_type).toBe('bert');
  });
});

describe('maxEncoderLength', () => {
  it('is max_position_embeddings, less pad_token_id + 1 for the RoBERTa family', () => {
    expect(maxEncoderLength(parseEncoderConfig(BERT))).toBe(32);
    expect(maxEncoderLength(parseEncoderConfig({ ...BERT, model_type: 'xlm-roberta', max_position_embeddings: 514, pad_token_id: 1 }))).toBe(512);
    expect(maxEncoderLength(parseEncoderConfig({ model_type: 'distilbert', max_position_embeddings: 40 }))).toBe(40);
  });
});

describe('the architecture registry', () => {
  it('every model_type belongs to exactly one architecture, and the error for another lists them all', () => {
    expect(new Set(MODEL_TYPES).size).toBe(MODEL_TYPES.length);
    expect([...MODEL_TYPES].sort()).toEqual(['bert', 'camembert', 'distilbert', 'mpnet', 'roberta', 'xlm-roberta']);
    for (const t of MODEL_TYPES) expect(architectureOf({ model_type: t }).spec.modelTypes).toContain(t);
    const e = errorOf(() => parseEncoderConfig({ model_type: 'gpt2' }, 'models/x/config.json'));
    expect(e.message).toBe('models/x/config.json: field "model_type" must be one of "bert", "roberta", "xlm-roberta", "camembert", "distilbert", "mpnet", found "gpt2"');
  });

  it('old configs name their architecture by class, and only by a class some spec lists', () => {
    for (const spec of ARCHITECTURES) {
      for (const [cls, type] of Object.entries(spec.architectureClasses)) {
        expect(architectureOf({ architectures: [cls] })).toEqual({ spec, modelType: type });
      }
    }
    expect(architectureOf({ architectures: ['MPNetModel'] }).modelType).toBe('mpnet');
  });

  it('the weight store strips every architecture\'s base prefix, plus v0.2\'s "0." form of it', () => {
    expect(checkpointKeyPrefixes()).toEqual(['bert.', 'roberta.', 'xlm_roberta.', 'distilbert.', 'mpnet.']);
    for (const p of checkpointKeyPrefixes()) {
      expect(normaliseKey(`${p}encoder.layer.0.x.weight`, checkpointKeyPrefixes())).toBe('encoder.layer.0.x.weight');
      expect(normaliseKey(`0.${p}encoder.layer.0.x.weight`, checkpointKeyPrefixes())).toBe('encoder.layer.0.x.weight');
    }
  });
});
