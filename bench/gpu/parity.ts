// Parity on the current backend: every tiny fixture model (test/fixtures, written by the real
// sentence-transformers) encoded with the project's own loader, against its sentence_embedding
// golden. Reads the goldens directly (test/helpers/goldens.ts resolves paths from its own
// location, which a bundle moves).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors, toFloat32 } from '../../src/checkpoint/index.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../src/pipeline/sentence_transformer.js';
import { WASM_ATOL, maxAbsDiff } from '../../test/helpers/tolerances.js';

export const TINY_MODELS = ['tiny-bert', 'tiny-roberta', 'tiny-distilbert', 'tiny-xlmr', 'tiny-bert-dense'] as const;
/** The suite's budget off cpu (test/helpers/tolerances.ts); the GPU is held to the same number. */
export const ATOL = WASM_ATOL;

export interface ParityResult {
  sentences: number;
  /** Worst |got - want| over every element, per batch size. */
  max_abs: Record<string, number>;
  pass: boolean;
}

function maxAbs(got: Float32Array[], want: Float32Array, dim: number): number {
  return Math.max(0, ...got.map((v, i) => maxAbsDiff(v.subarray(0, dim), want.subarray(i * dim, (i + 1) * dim))));
}

export async function tinyParity(fixturesDir: string, name: string): Promise<ParityResult> {
  const meta = JSON.parse(readFileSync(join(fixturesDir, 'goldens', `${name}.json`), 'utf8')) as { sentences: string[] };
  const file = join(fixturesDir, 'goldens', `${name}.safetensors`);
  const golden = readSafetensors(new Uint8Array(readFileSync(file)), file).get('sentence_embedding');
  if (golden === undefined) throw new Error(`${file}: no sentence_embedding`);
  const want = toFloat32(golden);
  const dim = golden.shape[1]!;
  const model = await SentenceTransformer.fromSource(nodeSource(join(fixturesDir, 'models', name)));
  try {
    const max_abs: Record<string, number> = {};
    for (const batchSize of [1, 32]) {
      const got = await model.encode(meta.sentences, { batchSize });
      max_abs[`batch${batchSize}`] = maxAbs(got, want, dim);
    }
    return { sentences: meta.sentences.length, max_abs, pass: Object.values(max_abs).every((m) => m < ATOL) };
  } finally {
    model.dispose();
  }
}
