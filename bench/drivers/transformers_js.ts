// transformers.js (@huggingface/transformers, onnxruntime-node CPU) on the fp32 ONNX export of
// the same checkpoint (bench/export_onnx.py). Fixed shapes time the ONNX session call (encoder
// only); end to end times the feature-extraction pipeline with mean pooling + normalize, which is
// what this model's sentence-transformers modules do, in batches of 32 as given (no sorting:
// transformers.js pads each call to its longest text).
import { readFileSync, writeFileSync } from 'node:fs';
import { env, pipeline, Tensor } from '@huggingface/transformers';
import { emit, peakRssMb, timed, type BenchSpec, type EngineResult } from '../lib/spec.js';

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as BenchSpec;
env.allowRemoteModels = false;
env.localModelPath = spec.onnxRoot.endsWith('/') ? spec.onnxRoot : spec.onnxRoot + '/';

const t0 = performance.now();
const extractor = await pipeline('feature-extraction', spec.onnxModelId, { dtype: 'fp32', device: 'cpu' });
const load_s = (performance.now() - t0) / 1000;
const result: EngineResult = {
  engine: 'transformers.js',
  version: `@huggingface/transformers ${readVersion('@huggingface/transformers')}, onnxruntime-node ${readVersion('onnxruntime-node')}`,
  threads: 0, // onnxruntime's default intra-op pool (one thread per physical core)
  load_s,
  workloads: {},
  peak_rss_mb: 0,
};

function int64(rows: number[][]): Tensor {
  const b = rows.length;
  const t = rows[0]!.length;
  const data = new BigInt64Array(b * t);
  rows.forEach((r, i) => r.forEach((v, j) => { data[i * t + j] = BigInt(v); }));
  return new Tensor('int64', data, [b, t]);
}

for (const w of spec.fixed) {
  const input_ids = int64(w.input_ids);
  const attention_mask = int64(w.input_ids.map((r) => r.map(() => 1)));
  const token_type_ids = int64(w.input_ids.map((r) => r.map(() => 0)));
  const model = extractor.model as unknown as (inputs: Record<string, Tensor>) => Promise<Record<string, Tensor>>;
  const times = await timed(async () => {
    const out = await model({ input_ids, attention_mask, token_type_ids });
    void out.last_hidden_state;
  }, w.rounds);
  result.workloads[w.name] = { times_s: times, items: w.input_ids.length, tokens: w.input_ids.length * w.input_ids[0]!.length };
}

if (spec.e2e !== null) {
  const e2e = spec.e2e;
  const sentences = JSON.parse(readFileSync(e2e.sentencesFile, 'utf8')) as string[];
  let emb: Float32Array | null = null;
  const encodeAll = async (texts: string[]): Promise<Float32Array> => {
    const out = new Float32Array(texts.length * 384);
    for (let i = 0; i < texts.length; i += e2e.batchSize) {
      const t = await extractor(texts.slice(i, i + e2e.batchSize), { pooling: 'mean', normalize: true });
      out.set(t.data as Float32Array, i * 384);
      t.dispose?.();
    }
    return out;
  };
  const times = await timed(async () => { emb = await encodeAll(sentences); }, e2e.rounds, () => encodeAll(sentences.slice(0, 2 * e2e.batchSize)));
  result.workloads[e2e.name] = { times_s: times, items: sentences.length };
  if (spec.embeddingsOut !== undefined && emb !== null) writeFileSync(spec.embeddingsOut, new Uint8Array((emb as Float32Array).buffer));
}

result.peak_rss_mb = peakRssMb();
emit(result);

function readVersion(pkg: string): string {
  const url = new URL(`../node_modules/${pkg}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
