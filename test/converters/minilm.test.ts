// The real all-MiniLM-L6-v2 (npm run fetch-model) converts through the Node CLI wrapper; the
// parameter count and every tensor's sha256 equal what torch reports for the loaded model
// (npm run converters:torch-checksums writes those numbers with the reference venv).
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertPath } from '../../converters/node.js';
import { loadWeights } from '../../src/io/weights_manifest.js';
import { nodeSource } from '../../src/io/node_file_source.js';
import { CACHE_DIR, REAL_MODEL_NAME, requireRealModel } from '../helpers/goldens.js';

/** The lead's switch for machines without the real model (vitest.config.ts). */
const SKIP = process.env['SBERT_REAL_MODEL'] === 'skip';
const TORCH_JSON = join(CACHE_DIR, 'converters', `${REAL_MODEL_NAME}.torch.json`);

interface TorchReport {
  total_parameters: number;
  modules: Record<string, { class: string; parameters: number; tensors: Record<string, { shape: number[]; sha256: string }> }>;
}

const work = mkdtempSync(join(tmpdir(), 'sbert-minilm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe(`${REAL_MODEL_NAME} conversion`, () => {
  it.skipIf(SKIP)('parameter count and every tensor checksum equal torch', async () => {
    const modelDir = requireRealModel();
    if (!existsSync(TORCH_JSON)) throw new Error(`${TORCH_JSON} is missing: run \`npm run converters:torch-checksums\` (after \`npm run fetch-model\`)`);
    const torch = JSON.parse(readFileSync(TORCH_JSON, 'utf8')) as TorchReport;
    const out = join(work, 'converted');
    const result = convertPath(modelDir, out);
    const transformer = torch.modules['0']!;
    expect(result.weights[0]!.parameters).toBe(transformer.parameters);
    expect(result.weights.reduce((s, w) => s + w.parameters, 0)).toBe(torch.total_parameters);

    const loaded = await loadWeights(nodeSource(out), 'model.json');
    expect([...loaded.keys()].sort()).toEqual(Object.keys(transformer.tensors).sort());
    const mismatched: string[] = [];
    for (const [name, want] of Object.entries(transformer.tensors)) {
      const t = loaded.get(name)!;
      const v = t.dataSync<'float32'>();
      const hash = createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex');
      if (hash !== want.sha256 || t.shape.join() !== want.shape.join()) mismatched.push(name);
    }
    tf.dispose([...loaded.values()]);
    expect(mismatched).toEqual([]);
  });
});
