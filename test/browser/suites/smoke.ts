// Each backend runs a transformer-layer-shaped op sequence and matches Node's cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BROWSER_TOLERANCE, assertClose } from '../shared/compare.js';
import { smokeOps } from '../shared/smoke_ops.js';
import type { Suite } from '../shared/types.js';

let nodeCpu: Float32Array | undefined;

async function nodeReference(): Promise<Float32Array> {
  if (nodeCpu === undefined) {
    await tf.setBackend('cpu');
    const out = smokeOps(tf);
    nodeCpu = (await out.data()) as Float32Array;
    out.dispose();
  }
  return nodeCpu;
}

export const smokeSuite: Suite = {
  name: 'smoke',
  backendTests: [
    {
      name: 'matmul + erf GELU + layer norm + masked softmax matches Node cpu',
      async run(h, backend, env) {
        const expected = await nodeReference();
        const before = await h.page.evaluate(() => window.sbertHarness!.numTensors());
        const actual = await h.page.evaluate(() => window.sbertHarness!.smoke());
        const after = await h.page.evaluate(() => window.sbertHarness!.numTensors());
        if (after !== before) throw new Error(`leaked ${after - before} tensors`);
        const d = assertClose(actual, expected, BROWSER_TOLERANCE[backend], `smoke ops on ${backend}`);
        env.measured[`smoke.maxAbs.${backend}`] = d;
        return `max abs ${d.toExponential(2)}`;
      },
    },
  ],
};
