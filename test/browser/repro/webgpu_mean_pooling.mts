// Reproduction of WEBGPU_MEAN_POOLING_ISSUE (suites/parity.ts): tiny-bert encoded on cpu and webgpu
// in the page; token embeddings agree, mean-pooled sentence embeddings are zeros on webgpu.
//   npx tsx test/browser/repro/webgpu_mean_pooling.mts [model]   (after one test:browser run converted it)
import { join } from 'node:path';
import { CONVERTED_ROOT } from '../../../demo/server/prepare_models.js';
import { startSbertServer } from '../../../demo/server/vite_server.js';
import { launchChromium } from '../shared/launch.js';
import { openHarness } from '../shared/harness_page.js';
const model = process.argv[2] ?? 'tiny-bert';
const server = await startSbertServer({ models: [{ name: model, dir: join(CONVERTED_ROOT, 'tiny', model) }], quiet: true });
const browser = await launchChromium();
const res: Record<string, any> = {};
for (const b of ['cpu', 'webgpu']) {
  const h = await openHarness(browser, server.url, b);
  res[b] = await h.page.evaluate(async (model) => {
    const tf = window.sbertTf!;
    const { loadModel } = await import('/demo/src/engine.ts' as string);
    const { httpSource } = await import('/src/io/file_source.ts' as string);
    const m = await loadModel(httpSource(location.origin + '/models/' + model));
    const st = m.st;
    const out: any = {};
    const batch = st.transformer.tokenize(['hello world']);
    out.ids = batch.input_ids;
    const enc = st.transformer.encoder;
    const mkObj = { f: () => ({ input_ids: tf.tensor2d(batch.input_ids, undefined, 'int32'), attention_mask: tf.tensor2d(batch.attention_mask, undefined, 'int32'), token_type_ids: tf.tensor2d(batch.token_type_ids, undefined, 'int32') }) };
    const mk = mkObj.f;
    out.plain = Array.from(await enc.forward(mk()).last_hidden_state.data()).slice(0, 4);
    const t = tf.tidy(() => enc.forward(mk()).last_hidden_state);
    out.tidy = Array.from(await t.data()).slice(0, 4);
    const fb = st.forwardBatch(['hello world']);
    const features = fb.features ?? fb; // forwardBatch's return type is changing in src/pipeline
    out.fbTok = Array.from(await features.token_embeddings.data()).slice(0, 4);
    out.fbSent = Array.from(await features.sentence_embedding.data()).slice(0, 4);
    // Alternative count from the 2-D mask (no [B,T,1] reduction), on the real token embeddings.
    {
      const tok = features.token_embeddings;
      const maskT = tf.tensor2d(batch.attention_mask, undefined, 'int32');
      const mf = tf.cast(maskT, 'float32');
      const alt = tf.div(tf.sum(tf.mul(tok, tf.expandDims(mf, -1)), 1), tf.maximum(tf.sum(mf, 1, true), 1e-9));
      out.meanCount2d = Array.from(await alt.data()).slice(0, 4);
      const alt2 = tf.div(tf.sum(tf.mul(tok, tf.expandDims(mf, -1)), 1), tf.maximum(tf.sum(mf, 1, true), 1e-9));
      out.meanCount2dAgain = Array.from(await alt2.data()).slice(0, 4);
      // A float32 mask made from JS numbers instead of cast(int32 mask).
      const mf2 = tf.tensor2d(batch.attention_mask, undefined, 'float32');
      const alt3 = tf.div(tf.sum(tf.mul(tok, tf.expandDims(mf2, -1)), 1), tf.maximum(tf.sum(mf2, 1, true), 1e-9));
      out.meanFloatMask = Array.from(await alt3.data()).slice(0, 4);
    }
    out.encode = Array.from((await st.encode(['hello world']))[0]).slice(0, 4);
    out.encode2 = Array.from((await st.encode(['hello world']))[0]).slice(0, 4);
    return out;
  }, model);
  await h.close();
}
const fmt = (x: any) => JSON.stringify(x, (k, v) => (typeof v === 'number' ? Number(v.toFixed(4)) : v));
for (const k of Object.keys(res.cpu)) { console.log(k, 'cpu   ', fmt(res.cpu[k])); console.log(k, 'webgpu', fmt(res.webgpu[k])); }
await browser.close(); await server.close();
