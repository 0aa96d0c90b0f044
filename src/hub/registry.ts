// models/registry.json: model names SentenceTransformer.load() knows, with their sources.
import { ConfigError } from '../errors.js';
import registryJson from '../../models/registry.json' with { type: 'json' };

export interface RegistryEntry {
  name: string;
  default?: boolean;
  architecture: 'bert' | 'roberta' | 'distilbert' | 'xlm-roberta' | 'mpnet';
  layers: number;
  dimensions: number;
  max_seq_length: number;
  pooling: string;
  normalize: boolean;
  similarity: string;
  scores: Record<string, number>;
  sources: { hub: string | null; v02_zip: string | null; pypi: string | null };
}

export const REGISTRY_FILE = 'models/registry.json';

export function registryEntries(): readonly RegistryEntry[] {
  const models = (registryJson as { models?: unknown }).models;
  if (!Array.isArray(models)) throw new ConfigError(REGISTRY_FILE, 'models', 'must be an array');
  return models as RegistryEntry[];
}

/** The entry for `name` (case-sensitive, with or without the "sentence-transformers/" prefix). */
export function findRegistryModel(name: string): RegistryEntry | undefined {
  const short = name.replace(/^sentence-transformers\//, '');
  return registryEntries().find((e) => e.name === short);
}

/** The default model name (all-MiniLM-L6-v2). */
export function defaultModelName(): string {
  return (registryEntries().find((e) => e.default === true) ?? registryEntries()[0]!).name;
}
