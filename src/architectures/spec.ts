// What an architecture tells the registry (registry.ts): the config.json model_type values it
// accepts, how to read its config, how to build it from a weight scope, and the prefixes its
// checkpoints put before the base model's keys. Adding an architecture is a folder that exports
// one ArchitectureSpec plus one line in registry.ts's table.
import type { JsonObject } from '../config/parse.js';
import type { WeightScope } from '../io/weight_store.js';
import type { SequenceClassificationConfig, SequenceClassifier } from './sequence_classifier.js';
import type { EncoderModel } from './types.js';

/** The fields every architecture's config has (the rest are its own, named as in config.json). */
export interface ArchitectureConfig {
  readonly model_type: string;
}

/**
 * Where one encoder layer keeps its attention, by checkpoint names relative to the layer: what
 * head pruning and head masking (src/research/heads.ts) change.
 */
export interface AttentionLayout {
  /** The module holding q/k/v, the head count and the probabilities' dropout. */
  readonly attention: string;
  /** Its head-count field. */
  readonly heads: string;
  readonly qkv: readonly [string, string, string];
  /** The output projection; its input columns are the heads' contexts. */
  readonly output: string;
}

export interface ArchitectureSpec<C extends ArchitectureConfig = ArchitectureConfig, M extends EncoderModel = EncoderModel> {
  /** config.json model_type values this architecture accepts; the first is its own. */
  readonly modelTypes: readonly string[];
  /**
   * transformers class names (`architectures[0]`) -> model_type, for configs written before
   * transformers 2.4 added model_type (the v0.2-era folders).
   */
  readonly architectureClasses: Readonly<Record<string, string>>;
  /**
   * For configs with neither model_type nor architectures: true when the fields are this
   * architecture's own (DistilBERT's n_layers). The registry's first entry takes the rest.
   */
  recognises?(config: JsonObject): boolean;
  /**
   * Prefixes before the base model's keys in head models (BertForMaskedLM: "bert.") and in v0.2
   * SentenceTransformer state dicts ("0.bert."); the weight store strips them.
   */
  readonly keyPrefixes: readonly string[];
  /** `config` carries the model_type the registry settled on. Throws ConfigError naming `file`. */
  parseConfig(config: JsonObject, file: string): C;
  /** Builds the model from its weights; throws WeightError naming the missing or misshapen key. */
  load(w: WeightScope, config: C): M;
  /** The longest input (tokens, specials included) the position table allows. */
  maxInputLength(config: C): number;
  readonly attentionLayout: AttentionLayout;
  /**
   * Builds the *ForSequenceClassification model (a cross-encoder) from the checkpoint's root
   * scope, where the base keeps its prefix (`bert.`, ...) and the head keys sit at the top.
   * Absent: the architecture has no head here yet.
   */
  loadSequenceClassifier?(w: WeightScope, config: C, labels: SequenceClassificationConfig): SequenceClassifier;
}

/** Keeps C and M checked inside the spec while the registry holds specs of any architecture. */
export function defineArchitecture<C extends ArchitectureConfig, M extends EncoderModel>(spec: ArchitectureSpec<C, M>): ArchitectureSpec {
  return spec as unknown as ArchitectureSpec;
}
