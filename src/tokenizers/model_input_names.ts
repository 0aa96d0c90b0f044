// Whether the reference passes token_type_ids to the model: transformers tokenizers return only
// their `model_input_names` (tokenizer_config.json's, else the class's own). RoBERTa-family and
// DistilBERT tokenizers leave token types out, so their models see zeros.
import type { TokenizerConfigJson } from './tokenizer_json.js';

/** tokenizer_class values whose model_input_names are ["input_ids", "attention_mask"]. */
const WITHOUT_TOKEN_TYPES = new Set(['RobertaTokenizer', 'XLMRobertaTokenizer', 'CamembertTokenizer', 'DistilBertTokenizer', 'MPNetTokenizer']);

export function returnsTokenTypeIds(config: TokenizerConfigJson): boolean {
  const names = (config as Record<string, unknown>)['model_input_names'];
  if (Array.isArray(names)) return names.includes('token_type_ids');
  const cls = config.tokenizer_class?.replace(/Fast$/, '');
  return cls === undefined || !WITHOUT_TOKEN_TYPES.has(cls);
}
