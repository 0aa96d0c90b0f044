// Test-side access to test/fixtures/training (written by test/reference/fixture_training.py): the
// batches and, per model, the reference's gradients and weight-decay names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, readSafetensorsFile, type GoldenTensor, type TinyModelName } from '../helpers/goldens.js';

export const TRAINING_DIR = join(FIXTURES_DIR, 'training');

export interface FixtureBatch {
  loss: string;
  columns: Record<string, string[]>;
  labels?: number[];
  mini_batch_size?: number;
  num_labels?: number;
  dims_divisors?: number[];
}

export const BATCHES = JSON.parse(readFileSync(join(TRAINING_DIR, 'batches.json'), 'utf-8')) as Record<string, FixtureBatch>;
export const LOSS_KEYS = Object.keys(BATCHES);

export interface ModelGoldens {
  tensors: Map<string, GoldenTensor>;
  meta: { embedding_dimension: number; decay_parameters: string[] };
}

export function modelGoldens(name: TinyModelName): ModelGoldens {
  return {
    tensors: readSafetensorsFile(join(TRAINING_DIR, `${name}.safetensors`)),
    meta: JSON.parse(readFileSync(join(TRAINING_DIR, `${name}.json`), 'utf-8')) as ModelGoldens['meta'],
  };
}
