// The same library, the same numbers: every tiny fixture model and the real all-MiniLM-L6-v2 (on
// the first STSb test sentences of its reference goldens) embedded in the page on each backend,
// served as converted folders over HTTP, compared with Node's cpu results (same library, same
// folder, same sentences) and with the Python reference's embeddings.
import { prepareRealModel, prepareTinyModels, REAL_MODEL } from '../../../demo/server/prepare_models.js';
import { BROWSER_TOLERANCE, assertClose } from '../shared/compare.js';
import { flat, nodeCpuEmbeddings, realModelGolden, tinyGolden } from '../shared/references.js';
import type { BackendTest, Suite, SuiteEnv } from '../shared/types.js';

/** STSb test sentences the real model embeds in the page (one batch). */
export const REAL_MODEL_SENTENCES = 32;

// WEBGPU_MEAN_POOLING_ISSUE (resolved; the name the repro/ files use): with tfjs-backend-webgpu
// 4.22.0 (Chromium 156, SwiftShader adapter) the tf.sum reductions the mean pooling used to make
// returned wrong values after the encoder's layer norms (repro/webgpu_reduce_after_moments.mts),
// so every mean-pooling model gave wrong sentence embeddings there. src/functional/pooling.ts now
// sums with batched matMuls; these cases are asserted on webgpu like on every other backend, so a
// regression fails the suite.

interface Case {
  model: string;
  sentences: string[];
  nodeCpu: Float32Array;
  python?: Float32Array;
}

const cases: Case[] = [];
let realModelError: Error | undefined;

async function setup(env: SuiteEnv): Promise<void> {
  for (const m of await prepareTinyModels((s) => console.log(`  ${s}`))) {
    env.server.mount(m);
    const golden = tinyGolden(m.name);
    cases.push({ model: m.name, sentences: golden.sentences, nodeCpu: flat(await nodeCpuEmbeddings(m.dir, golden.sentences)), python: flat(golden.embeddings) });
  }
  try {
    const m = await prepareRealModel((s) => console.log(`  ${s}`));
    env.server.mount(m);
    const golden = realModelGolden(REAL_MODEL_SENTENCES);
    cases.push({ model: m.name, sentences: golden.sentences, nodeCpu: flat(await nodeCpuEmbeddings(m.dir, golden.sentences)), python: flat(golden.embeddings) });
  } catch (e) {
    realModelError = e as Error; // reported as a failing test, not a silent skip
  }
}

function parityTest(c: Case): BackendTest {
  return {
    name: `${c.model}: ${c.sentences.length} embeddings match Node cpu${c.python === undefined ? '' : ' and the Python reference'}`,
    async run(h, backend, env) {
      const url = `/models/${c.model}/`;
      const tol = BROWSER_TOLERANCE[backend];
      const before = await h.page.evaluate(() => window.sbertHarness!.numTensors());
      await h.page.evaluate((u) => window.sbertHarness!.load(u, 'http'), url);
      const { embeddings, ms } = await h.page.evaluate(([u, s]) => window.sbertHarness!.encode(u, s), [url, c.sentences] as const);
      await h.page.evaluate((u) => window.sbertHarness!.unload(u), url);
      const after = await h.page.evaluate(() => window.sbertHarness!.numTensors());
      const got = flat(embeddings);
      const dNode = assertClose(got, c.nodeCpu, tol, `${c.model} on ${backend} vs Node cpu`);
      const dPy = c.python === undefined ? undefined : assertClose(got, c.python, tol, `${c.model} on ${backend} vs Python reference`);
      if (after !== before) throw new Error(`${after - before} tensors left after unload`);
      env.measured[`parity.${c.model}.${backend}`] = { maxAbsVsNodeCpu: dNode, maxAbsVsPython: dPy, encodeMs: ms, sentences: c.sentences.length };
      return `max abs vs Node cpu ${dNode.toExponential(2)}${dPy === undefined ? '' : `, vs Python ${dPy.toExponential(2)}`} (tol ${tol}); encode ${ms.toFixed(0)} ms`;
    },
  };
}

export const paritySuite: Suite = {
  name: 'parity',
  setup,
  backendTests: () => [
    ...cases.map(parityTest),
    ...(realModelError === undefined
      ? []
      : [{ name: `${REAL_MODEL}: embeddings match Node cpu and the Python reference`, run: () => Promise.reject(realModelError!) } satisfies BackendTest]),
  ],
};
