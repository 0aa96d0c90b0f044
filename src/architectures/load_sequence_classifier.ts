// Builds a *ForSequenceClassification model from config.json and its checkpoint, through the
// architecture registry (registry.ts): the spec of config.json's model_type names the head.
//
// The weight store is built without the architectures' base prefixes: a head checkpoint keeps the
// base under `bert.` / `roberta.` / `distilbert.` and the head at the top (`classifier.*`,
// `pre_classifier.*`), and the head model asks for exactly those names, so each key binds once
// and as written. (The encoder loader strips the prefixes instead, for bi-encoders saved from head
// models.)
import { ConfigError } from '../errors.js';
import { asObject } from '../config/parse.js';
import { parseSequenceClassificationConfig } from '../config/sequence_classification_config.js';
import type { StoredWeight } from '../io/host_weight.js';
import { buildFromStore, WeightStore } from '../io/weight_store.js';
import { ARCHITECTURES, architectureOf, heldTensors } from './registry.js';
import type { SequenceClassifier } from './sequence_classifier.js';

/**
 * The head model of a cross-encoder folder's config.json and weights. Ownership as loadEncoder's
 * (registry.ts): the model takes the tensors it uses, `unusedKeys` lists the rest (tensors stay
 * the caller's); free the model with disposeModel(model). Throws ConfigError (unknown
 * model_type, an architecture without a head) or WeightError (missing or misshapen key).
 */
export function loadSequenceClassifier(
  configJson: unknown, weights: ReadonlyMap<string, StoredWeight>, files: { config: string; weights: string },
): { model: SequenceClassifier; unusedKeys: string[] } {
  const { spec, modelType } = architectureOf(configJson, files.config);
  if (spec.loadSequenceClassifier === undefined) {
    const withHeads = ARCHITECTURES.filter((a) => a.loadSequenceClassifier !== undefined).flatMap((a) => a.modelTypes);
    throw new ConfigError(files.config, 'model_type', `"${modelType}" has no sequence-classification head here; heads exist for ${withHeads.join(', ')}`);
  }
  const json = asObject(configJson, files.config);
  const config = spec.parseConfig({ ...json, model_type: modelType }, files.config);
  const labels = parseSequenceClassificationConfig(json, files.config);
  const store = new WeightStore(weights, files.weights);
  const load = spec.loadSequenceClassifier;
  return buildFromStore(store, (w) => load(w, config, labels), heldTensors);
}
