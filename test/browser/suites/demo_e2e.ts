// End-to-end: drive the demo page like a user (pick the model, type sentences, click, read the
// heat-map table and the search results), save a screenshot under test-results/, and check the
// numbers shown against the library's Node cpu results for the same sentences. Then convert
// zipped checkpoints in the page (stored v0.2, deflated modern) and check those models' numbers too.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Page } from 'playwright-core';
import { convertPath } from '../../../converters/node.js';
import { prepareRealModel, REAL_MODEL } from '../../../demo/server/prepare_models.js';
import { REPO_ROOT } from '../../../demo/server/vite_server.js';
import { nodeSource } from '../../../src/io/node_file_source.js';
import { SentenceTransformer } from '../../../src/pipeline/sentence_transformer.js';
import { BROWSER_TOLERANCE, assertClose } from '../shared/compare.js';
import { openPage } from '../shared/harness_page.js';
import { zipFolder } from '../shared/zip_writer.js';
import type { Suite, SuiteEnv } from '../shared/types.js';

export const DEMO_BACKEND = 'wasm' as const;
export const SCREENSHOT = join(REPO_ROOT, 'test-results/demo-e2e.png');
export const SCREENSHOT_CONVERTED = join(REPO_ROOT, 'test-results/demo-e2e-converted.png');

const SENTENCES = ['A man is playing a guitar.', 'A person plays a musical instrument.', 'The new movie is awesome.', 'The cat sits on the mat.', 'A kitten is resting on a rug.'];
const CORPUS = ['A man is eating food.', 'A man is riding a horse.', 'A woman is playing violin.', 'A monkey is playing drums.', 'A man is riding a white horse on an enclosed ground.', 'A cheetah is running behind its prey.'];
const QUERY = 'Someone is on horseback.';
const TOP_K = 3;
const ZIP_SENTENCES = ['the quick brown fox', 'a slow dog', 'hello world'];

/** Zips the page converts: a stored v0.2 one (pytorch_model.bin inside, committed fixture) and a
 *  deflated modern one written here (the DecompressionStream path). */
interface ZipCase {
  label: string;
  file: string;
  bytes: Uint8Array;
  /** The same zip converted in Node, then encoded on Node cpu. */
  matrix: number[][];
}

interface Expected {
  matrix: number[][];
  hits: { corpusIndex: number; score: number }[];
  zips: ZipCase[];
}
let expected: Expected | undefined;

async function nodeResults(dir: string, run: (st: SentenceTransformer) => Promise<void>): Promise<void> {
  await tf.setBackend('cpu');
  const st = await SentenceTransformer.fromSource(nodeSource(dir));
  try {
    await run(st);
  } finally {
    st.dispose();
  }
}

async function setup(env: SuiteEnv): Promise<void> {
  const real = await prepareRealModel((s) => console.log(`  ${s}`));
  env.server.mount(real);
  const e: Expected = { matrix: [], hits: [], zips: [] };
  await nodeResults(real.dir, async (st) => {
    const emb = await st.encode(SENTENCES);
    e.matrix = st.similarity(emb, emb);
    const scores = st.similarity(await st.encode([QUERY]), await st.encode(CORPUS))[0]!;
    e.hits = scores.map((score, corpusIndex) => ({ score, corpusIndex })).sort((a, b) => b.score - a.score).slice(0, TOP_K);
  });
  const zips: Omit<ZipCase, 'matrix'>[] = [
    { label: 'stored v0.2 zip', file: 'tiny-bert.zip', bytes: new Uint8Array(readFileSync(join(REPO_ROOT, 'test/fixtures/v02/tiny-bert.zip'))) },
    { label: 'deflated modern zip', file: 'tiny-roberta.zip', bytes: zipFolder(join(REPO_ROOT, 'test/fixtures/models/tiny-roberta'), 'tiny-roberta') },
  ];
  const tmp = mkdtempSync(join(tmpdir(), 'sbert-demo-zip-'));
  try {
    for (const z of zips) {
      const zipPath = join(tmp, z.file);
      writeFileSync(zipPath, z.bytes);
      convertPath(zipPath, join(tmp, z.label.replace(/\W+/g, '-')));
      let matrix: number[][] = [];
      await nodeResults(join(tmp, z.label.replace(/\W+/g, '-')), async (st) => {
        const emb = await st.encode(ZIP_SENTENCES);
        matrix = st.similarity(emb, emb);
      });
      e.zips.push({ ...z, matrix });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  expected = e;
}

async function readMatrix(page: Page, n: number): Promise<number[][]> {
  await page.waitForFunction((k) => document.querySelectorAll('#similarity-table td[data-value]').length === k, n * n, { timeout: 120_000 });
  const cells = await page.$$eval('#similarity-table td[data-value]', (tds) => tds.map((td) => [Number((td as HTMLElement).dataset.i), Number((td as HTMLElement).dataset.j), Number((td as HTMLElement).dataset.value)]));
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(NaN));
  for (const [i, j, v] of cells) m[i!]![j!] = v!;
  return m;
}

async function waitReady(page: Page, selector: string, what: string): Promise<void> {
  try {
    await page.waitForSelector(`${selector}[data-state="ready"], ${selector}[data-state="error"]`, { timeout: 240_000 });
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}; shows "${await page.textContent(selector)}"`);
  }
  const state = await page.getAttribute(selector, 'data-state');
  if (state !== 'ready') throw new Error(`${what} failed: ${await page.textContent(selector)}`);
}

export const demoSuite: Suite = {
  name: 'demo',
  setup,
  globalTests: [
    {
      name: `demo page end to end on ${DEMO_BACKEND}: similarity heat map, search, in-page conversion match Node cpu`,
      async run(env) {
        const exp = expected!;
        const tol = BROWSER_TOLERANCE[DEMO_BACKEND];
        mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
        const { context, page, logs } = await openPage(env.browser, env.server.url, { backend: DEMO_BACKEND, model: REAL_MODEL }, { path: '/demo/' });
        try {
          await page.setViewportSize({ width: 1100, height: 1000 });
          await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 }).catch((e: Error) => {
            throw new Error(`demo did not start: ${e.message}\n${logs.join('\n')}`);
          });
          const shownBackend = await page.getAttribute('#backend-info', 'data-backend');
          if (shownBackend !== DEMO_BACKEND) throw new Error(`demo shows backend ${shownBackend}, expected ${DEMO_BACKEND}`);
          await page.selectOption('#model-select', REAL_MODEL);
          await page.click('#load-btn');
          await waitReady(page, '#status', `loading ${REAL_MODEL}`);

          await page.fill('#sentences', SENTENCES.join('\n'));
          await page.click('#similarity-btn');
          const matrix = await readMatrix(page, SENTENCES.length);
          const dSim = assertClose(matrix.flat(), exp.matrix.flat(), tol, 'similarity matrix shown vs Node cpu');
          const timing = await page.textContent('#similarity-time');
          if (timing === null || !timing.includes(DEMO_BACKEND) || !/\d+(\.\d+)? ms/.test(timing)) throw new Error(`time per batch not shown with the backend: "${timing}"`);

          await page.fill('#corpus', CORPUS.join('\n'));
          await page.fill('#query', QUERY);
          await page.fill('#top-k', String(TOP_K));
          await page.click('#search-btn');
          await page.waitForFunction((k) => document.querySelectorAll('#search-table tr[data-corpus-index]').length === k, TOP_K, { timeout: 120_000 });
          const hits = await page.$$eval('#search-table tr[data-corpus-index]', (trs) =>
            trs.map((tr) => ({ corpusIndex: Number((tr as HTMLElement).dataset.corpusIndex), score: Number((tr.querySelector('td.score') as HTMLElement).dataset.value) })),
          );
          const order = hits.map((h) => h.corpusIndex).join(',');
          if (order !== exp.hits.map((h) => h.corpusIndex).join(',')) throw new Error(`search order ${order}, Node gives ${exp.hits.map((h) => h.corpusIndex).join(',')}`);
          const dSearch = assertClose(hits.map((h) => h.score), exp.hits.map((h) => h.score), tol, 'search scores shown vs Node cpu');
          await page.screenshot({ path: SCREENSHOT, fullPage: true });

          // In-page conversion with the TypeScript converter, from a file picked by the user.
          const dZip: Record<string, number> = {};
          for (const z of exp.zips) {
            await page.setInputFiles('#convert-files', { name: z.file, mimeType: 'application/zip', buffer: Buffer.from(z.bytes) });
            await page.click('#convert-btn');
            await waitReady(page, '#convert-status', `converting the picked ${z.label}`);
            await waitReady(page, '#status', `loading the model converted from the ${z.label}`);
            await page.fill('#sentences', ZIP_SENTENCES.join('\n'));
            await page.click('#similarity-btn');
            const m = await readMatrix(page, ZIP_SENTENCES.length);
            dZip[z.label] = assertClose(m.flat(), z.matrix.flat(), tol, `model converted in the page from the ${z.label} vs the Node conversion`);
          }
          await page.screenshot({ path: SCREENSHOT_CONVERTED, fullPage: true });
          env.measured['demo.maxAbs'] = { similarity: dSim, search: dSearch, convertedZip: dZip, timing };
          const zipText = Object.entries(dZip).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ');
          return `max abs: matrix ${dSim.toExponential(2)}, search ${dSearch.toExponential(2)}, converted in page: ${zipText}; "${timing}"; screenshot ${SCREENSHOT.slice(REPO_ROOT.length + 1)}`;
        } catch (e) {
          await page.screenshot({ path: join(REPO_ROOT, 'test-results/demo-e2e-failure.png'), fullPage: true }).catch(() => {});
          throw new Error(`${(e as Error).message}\n${logs.slice(-10).join('\n')}`);
        } finally {
          await context.close();
        }
      },
    },
  ],
};
