// model_type of configs written before transformers 2.4 added the field (the v0.2-era folders).
// Taken from `architectures[0]` by class name, as transformers' AutoConfig recognises them, so an
// old RoBERTa is not read as BERT (their position ids differ). FORMATS.md §2.2.
import type { JsonObject } from './parse.js';

export type ArchitectureModelType = 'bert' | 'roberta' | 'xlm-roberta' | 'camembert' | 'distilbert';

/** HF architecture class -> model_type. */
const ARCHITECTURE_MODEL_TYPES: Readonly<Record<string, ArchitectureModelType>> = {
  BertModel: 'bert', RobertaModel: 'roberta', XLMRobertaModel: 'xlm-roberta', CamembertModel: 'camembert', DistilBertModel: 'distilbert',
};

/** The model_type named by `architectures[0]` when the config has no model_type; undefined otherwise. */
export function modelTypeFromArchitectures(o: JsonObject): ArchitectureModelType | undefined {
  if (o['model_type'] !== undefined || !Array.isArray(o['architectures'])) return undefined;
  return ARCHITECTURE_MODEL_TYPES[String(o['architectures'][0])];
}
