// Cross-encoders in the page: tiny cross-encoders of every architecture (one and three labels),
// served as the folders sentence-transformers saved (test/fixtures/cross_encoders/, read over
// HTTP unconverted), score the 256 golden pairs on each backend; the scores equal the Python
// reference's (test/fixtures/goldens/cross_encoders.*) within 1e-5 on cpu and 1e-4 on wasm
// (GPU backends: BROWSER_TOLERANCE), rank gives the reference's order, nothing leaks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../demo/server/vite_server.js';
import type { BackendName } from '../../../demo/src/backend_names.js';
import { readSafetensorsFile } from '../../helpers/goldens.js';
import { CPU_ATOL, WASM_ATOL } from '../../helpers/tolerances.js';
import { BROWSER_TOLERANCE, assertClose } from '../shared/compare.js';
import type { BackendTest, Suite, SuiteEnv } from '../shared/types.js';

const MODELS = ['tiny-ce-bert-1', 'tiny-ce-roberta-3', 'tiny-ce-distilbert-3', 'tiny-ce-xlmr-1', 'tiny-ce-mpnet-1', 'tiny-ce-mpnet-3'] as const;
/** The Node suite's tolerances (test/helpers/tolerances.ts); GPU backends as the parity suite. */
const TOLERANCE: Record<BackendName, number> = { ...BROWSER_TOLERANCE, cpu: CPU_ATOL, wasm: WASM_ATOL };

interface Goldens {
  batch_size: number;
  pairs: [string, string][];
  models: Record<string, { num_labels: number; rank?: number[] }>;
  rank: { query: string; documents: string[] };
}

let goldens: Goldens;
let scores: Map<string, { data: Float32Array | Int32Array }>;

async function setup(env: SuiteEnv): Promise<void> {
  goldens = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/goldens/cross_encoders.json'), 'utf-8')) as Goldens;
  scores = readSafetensorsFile(join(REPO_ROOT, 'test/fixtures/goldens/cross_encoders.safetensors'));
  for (const name of MODELS) env.server.mount({ name, dir: join(REPO_ROOT, 'test/fixtures/cross_encoders', name) });
}

function predictTest(name: string): BackendTest {
  return {
    name: `${name}: predict on 256 pairs and rank match the Python reference`,
    async run(h, backend, env) {
      const meta = goldens.models[name]!;
      const tol = TOLERANCE[backend];
      const { query, documents } = goldens.rank;
      const r = await h.page.evaluate(([u, p, b, q, d]) => window.sbertHarness!.crossEncode(u, p, b, q, d),
        [`/models/${name}/`, goldens.pairs, goldens.batch_size, query, documents] as const);
      if (r.numLabels !== meta.num_labels) throw new Error(`${name}: ${r.numLabels} labels, expected ${meta.num_labels}`);
      const d = assertClose(r.scores, scores.get(`${name}.scores`)!.data, tol, `${name} on ${backend} vs Python reference`);
      if (meta.rank !== undefined && JSON.stringify(r.rank) !== JSON.stringify(meta.rank)) {
        throw new Error(`${name} on ${backend}: rank ${JSON.stringify(r.rank)}, reference ${JSON.stringify(meta.rank)}`);
      }
      if (r.leaked !== 0) throw new Error(`${name} on ${backend}: ${r.leaked} tensors left after dispose`);
      env.measured[`cross-encoder.${name}.${backend}`] = { maxAbsVsPython: d, predictMs: r.ms, pairs: goldens.pairs.length };
      return `max abs vs Python ${d.toExponential(2)} (tol ${tol})${meta.rank === undefined ? '' : ', rank order equal'}; predict ${r.ms.toFixed(0)} ms`;
    },
  };
}

export const crossEncoderSuite: Suite = {
  name: 'cross-encoder',
  setup,
  backendTests: () => MODELS.map(predictTest),
};
