// config.json model_type -> architecture. Each architecture folder exports one ArchitectureSpec
// (spec.ts); this table is the only list of them. The pipeline calls loadEncoder; researchers
// can also call BertModel.load / RobertaModel.load / DistilBertModel.load on a WeightScope.
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { asObject, describe } from '../config/parse.js';
import type { StoredWeight } from '../io/host_weight.js';
import { buildFromStore, WeightStore } from '../io/weight_store.js';
import { namedParameters } from '../nn/parameters.js';
import { bertArchitecture } from './bert/spec.js';
import { distilbertArchitecture } from './distilbert/spec.js';
import { mpnetArchitecture } from './mpnet/spec.js';
import { robertaArchitecture } from './roberta/spec.js';
import type { ArchitectureConfig, ArchitectureSpec } from './spec.js';
import type { EncoderModel } from './types.js';

export type { EncoderInputs, ForwardOptions, EncoderOutput, EncoderModel } from './types.js';
export type { ArchitectureSpec, ArchitectureConfig } from './spec.js';
export { defineArchitecture } from './spec.js';

/** Every architecture loadEncoder builds. The first also takes configs that name none. */
export const ARCHITECTURES: readonly ArchitectureSpec[] = [
  bertArchitecture,
  robertaArchitecture,
  distilbertArchitecture,
  mpnetArchitecture,
];

/** Every config.json model_type some architecture accepts. */
export const MODEL_TYPES: readonly string[] = ARCHITECTURES.flatMap((a) => a.modelTypes);
export type ModelType = string;
/** A parsed config of any architecture in the table; narrow on model_type. */
export type EncoderConfig = ArchitectureConfig;
/** Any encoder the registry builds; narrow with instanceof to reach an architecture's blocks. */
export type AnyEncoder = EncoderModel;

/** The tensors a built model holds, for buildFromStore. */
export function heldTensors(model: unknown): tf.Tensor[] {
  return namedParameters(model).map(([, t]) => t);
}

/** Checkpoint prefixes of every architecture's base model (see ArchitectureSpec.keyPrefixes). */
export function checkpointKeyPrefixes(): string[] {
  return [...new Set(ARCHITECTURES.flatMap((a) => a.keyPrefixes))];
}

/**
 * The architecture of a config.json and its model_type. Very old configs have no model_type: it
 * is taken from `architectures[0]` (RobertaModel -> roberta, ...); without that, from fields only
 * one architecture has (DistilBERT's n_layers), else the first architecture (transformers 2.x's
 * default, BERT).
 */
export function architectureOf(configJson: unknown, file = 'config.json'): { spec: ArchitectureSpec; modelType: string } {
  const o = asObject(configJson, file);
  let type = o['model_type'];
  if (type === undefined || type === null) {
    const cls = Array.isArray(o['architectures']) ? String(o['architectures'][0]) : undefined;
    const named = cls === undefined ? undefined : ARCHITECTURES.find((a) => Object.hasOwn(a.architectureClasses, cls));
    if (named !== undefined && cls !== undefined) type = named.architectureClasses[cls];
    else type = (ARCHITECTURES.find((a) => a.recognises?.(o) === true) ?? ARCHITECTURES[0]!).modelTypes[0];
  }
  const spec = typeof type === 'string' ? ARCHITECTURES.find((a) => a.modelTypes.includes(type as string)) : undefined;
  if (spec === undefined) {
    throw new ConfigError(file, 'model_type', `must be one of ${MODEL_TYPES.map((t) => JSON.stringify(t)).join(', ')}, found ${describe(o['model_type'])}`);
  }
  return { spec, modelType: type as string };
}

/** Parses config.json for any architecture in the table (see architectureOf for old configs). */
export function parseEncoderConfig(configJson: unknown, file = 'config.json'): EncoderConfig {
  const { spec, modelType } = architectureOf(configJson, file);
  return spec.parseConfig({ ...asObject(configJson, file), model_type: modelType }, file);
}

/** The longest input (tokens, specials included) the position table allows: cap max_seq_length with it. */
export function maxEncoderLength(config: EncoderConfig): number {
  return architectureOf(config).spec.maxInputLength(config);
}

/**
 * Builds the encoder from config.json and a name -> weight map (checkpoint names; the prefixes
 * of checkpointKeyPrefixes() and LayerNorm gamma/beta are accepted). Throws ConfigError or
 * WeightError (missing key, wrong shape or dtype) naming `files.config` / `files.weights`.
 *
 * Weights are tensors, or host weights (io/host_weight.ts) that are read and uploaded only when
 * the model takes them, Linear weights transposed on the host first.
 * Ownership: the model takes the tensors it uses. Linear weights are transposed once (kept as
 * [in, out], see nn/linear.ts) and their original tensors disposed; on failure nothing in
 * `weights` is disposed (what was uploaded from host weights is). `unusedKeys` lists what the
 * model did not take (for an ST model: pooler.dense.*); those tensors stay the caller's. Free the
 * model with disposeModel(model).
 */
export function loadEncoder(
  configJson: unknown, weights: ReadonlyMap<string, StoredWeight>, files: { config: string; weights: string },
): { model: AnyEncoder; unusedKeys: string[] } {
  const { spec, modelType } = architectureOf(configJson, files.config);
  const config = spec.parseConfig({ ...asObject(configJson, files.config), model_type: modelType }, files.config);
  const store = new WeightStore(weights, files.weights, checkpointKeyPrefixes());
  return buildFromStore(store, (w) => spec.load(w, config), heldTensors);
}
