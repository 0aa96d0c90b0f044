// Minimal reproduction behind WEBGPU_MEAN_POOLING_ISSUE (suites/parity.ts), no model involved:
// layer norm via tf.moments on [1,8,32], then mul by an [1,8,1] mask and sums. On webgpu
// (tfjs-backend-webgpu 4.22.0, Chromium 156 SwiftShader) the mask count sum(m, 1) comes back 0
// instead of 8; on cpu it is 8. Without the moments step the same ops are right.
//   npx tsx test/browser/repro/webgpu_reduce_after_moments.mts
import { startSbertServer } from '../../../demo/server/vite_server.js';
import { launchChromium } from '../shared/launch.js';
import { openHarness } from '../shared/harness_page.js';

const server = await startSbertServer({ models: [], quiet: true });
const browser = await launchChromium();
for (const backend of ['cpu', 'webgpu']) {
  const h = await openHarness(browser, server.url, backend);
  const out = await h.page.evaluate(async () => {
    const tf = window.sbertTf!;
    const x = tf.add(tf.tensor3d(Array.from({ length: 256 }, (_, i) => ((i * 37) % 11) / 10 - 0.5), [1, 8, 32]), 0);
    const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1, 1, 1]], undefined, 'int32');
    const { mean, variance } = tf.moments(x, -1, true);
    const ln = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-12))); // [1, 8, 32]
    const m = tf.expandDims(tf.cast(mask, 'float32'), -1); // [1, 8, 1]
    const pooled = Array.from(await tf.sum(tf.mul(ln, m), 1).data()).slice(0, 3);
    const count = Array.from(await tf.sum(m, 1).data());
    return { pooledSum: pooled, maskCount: count };
  });
  console.log(backend.padEnd(7), JSON.stringify(out));
  await h.close();
}
await browser.close();
await server.close();
