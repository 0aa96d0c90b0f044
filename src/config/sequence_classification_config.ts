// The label fields of a *ForSequenceClassification config.json, as transformers reads them
// (configuration_utils.py :: PretrainedConfig): with an id2label map the number of labels is its
// size (a num_labels beside it is ignored); without one, `num_labels` or the default 2 (older
// configs left 2 labels implicit).
import { ConfigError } from '../errors.js';
import { asObject, describe, int } from './parse.js';

export interface SequenceClassificationConfig {
  num_labels: number;
  /** Label i's name; LABEL_i where config.json names none. */
  id2label: readonly string[];
}

export function parseSequenceClassificationConfig(json: unknown, file = 'config.json'): SequenceClassificationConfig {
  const o = asObject(json, file);
  const map = o['id2label'];
  if (map === undefined || map === null) {
    const n = int(o, 'num_labels', file, 2, 1);
    return { num_labels: n, id2label: Array.from({ length: n }, (_, i) => `LABEL_${i}`) };
  }
  const entries = Object.entries(asObject(map, file, 'id2label'));
  const names: string[] = new Array<string>(entries.length);
  for (const [key, name] of entries) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= entries.length || names[i] !== undefined) {
      throw new ConfigError(file, 'id2label', `keys must be the label ids 0..${entries.length - 1}, found ${JSON.stringify(key)}`);
    }
    if (typeof name !== 'string') throw new ConfigError(file, `id2label.${key}`, `must be a string, found ${describe(name)}`);
    names[i] = name;
  }
  if (names.length === 0) throw new ConfigError(file, 'id2label', 'must name at least one label, found {}');
  return { num_labels: names.length, id2label: names };
}
