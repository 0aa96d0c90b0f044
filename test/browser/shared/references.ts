// What the browser results are compared with: the same library in Node on the cpu backend
// (same converted folder, same sentences, same batching), and the Python reference's
// sentence_embedding goldens where they exist.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readSafetensors } from '../../../src/checkpoint/safetensors.js';
import { toFloat32 } from '../../../src/checkpoint/types.js';
import { REPO_ROOT } from '../../../demo/server/vite_server.js';
import { nodeSource } from '../../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../../src/pipeline/sentence_transformer.js';

export async function nodeCpuEmbeddings(convertedDir: string, sentences: readonly string[]): Promise<Float32Array[]> {
  await tf.setBackend('cpu');
  const st = await SentenceTransformer.fromSource(nodeSource(convertedDir));
  try {
    return await st.encode(sentences);
  } finally {
    st.dispose();
  }
}

export interface TinyGolden {
  sentences: string[];
  /** Python sentence-transformers' encode() of all sentences, [B][D]. */
  embeddings: Float32Array[];
}

/** test/fixtures/goldens/<name>.{json,safetensors} written by test/reference (H1). */
export function tinyGolden(name: string): TinyGolden {
  const dir = join(REPO_ROOT, 'test/fixtures/goldens');
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { sentences: string[] };
  const file = join(dir, `${name}.safetensors`);
  const t = readSafetensors(new Uint8Array(readFileSync(file)), file).get('sentence_embedding');
  if (t === undefined) throw new Error(`${file}: no sentence_embedding tensor`);
  const [B, D] = t.shape as [number, number];
  const flat = toFloat32(t);
  return { sentences: meta.sentences, embeddings: Array.from({ length: B }, (_, i) => flat.slice(i * D, (i + 1) * D)) };
}

export const REAL_GOLDENS_DIR = join(REPO_ROOT, '.cache/goldens/all-MiniLM-L6-v2');

/**
 * The first `count` STSb test sentences of the real model's reference goldens (written by
 * `npm run fetch-model`) with Python sentence-transformers' encode() of them. The reference
 * batched all 2552 sentences by length, so its padding differs from ours: that moves results by
 * float rounding only (~1e-7).
 */
export function realModelGolden(count: number): TinyGolden {
  const json = join(REAL_GOLDENS_DIR, 'goldens.json');
  const file = join(REAL_GOLDENS_DIR, 'goldens.safetensors');
  if (!existsSync(json) || !existsSync(file)) throw new Error(`${REAL_GOLDENS_DIR}/goldens.{json,safetensors} missing: run \`npm run fetch-model\` first`);
  const meta = JSON.parse(readFileSync(json, 'utf8')) as { sentences: string[] };
  const t = readSafetensors(new Uint8Array(readFileSync(file)), file).get('sentence_embedding');
  if (t === undefined) throw new Error(`${file}: no sentence_embedding tensor`);
  const D = t.shape[1]!;
  const flatAll = toFloat32(t);
  return { sentences: meta.sentences.slice(0, count), embeddings: Array.from({ length: count }, (_, i) => flatAll.slice(i * D, (i + 1) * D)) };
}

/** A slice of STS benchmark sentences (both sides of the first `pairs` committed STSb pairs). */
export function stsbSlice(pairs: number): string[] {
  const file = join(REPO_ROOT, 'test/fixtures/eval/stsb-pairs.csv');
  const rows = readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l !== '' && !l.includes('"'));
  const out: string[] = [];
  for (const row of rows.slice(0, pairs)) {
    const cols = row.split(',');
    if (cols.length !== 3) throw new Error(`${file}: expected sentence1,sentence2,label in "${row}"`);
    out.push(cols[0]!, cols[1]!);
  }
  return out;
}

export function flat(rows: readonly ArrayLike<number>[]): Float32Array {
  const d = rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`row ${i} has ${r.length} values, row 0 has ${d}`);
    out.set(Array.from(r), i * d);
  });
  return out;
}
