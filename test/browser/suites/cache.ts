// Loading in the page through the Cache API: the first visit downloads every file of the
// converted folder once, a second visit (page reload, same browser profile) downloads nothing
// and gives bit-identical embeddings. Checked for the demo's source (demo/src/cache_source.ts,
// which also remembers absent optional files, so the second visit asks the server nothing at
// all) and for the package's browser entry, SentenceTransformer.load(url) (src/hub's
// cachedHttpSource: no GET on the second visit; its HEAD checks for optional files are reported).
import { prepareTinyModels } from '../../../demo/server/prepare_models.js';
import type { SbertServer } from '../../../demo/server/vite_server.js';
import type { LoadVia } from '../page/harness.js';
import { maxAbsDiff } from '../shared/compare.js';
import { openHarness } from '../shared/harness_page.js';
import type { GlobalTest, Suite } from '../shared/types.js';

const MODEL = 'tiny-bert-dense'; // Transformer + Pooling + 2_Dense (own manifest) + 3_Normalize
const SENTENCES = ['A plane is taking off.', 'An air plane is taking off.'];

function requestsFor(server: SbertServer, prefix: string): Map<string, number> {
  return new Map([...server.requests].filter(([k]) => k.split(' ')[1]!.startsWith(prefix)));
}

function total(m: Map<string, number>, method?: string): number {
  let n = 0;
  for (const [k, v] of m) if (method === undefined || k.startsWith(`${method} `)) n += v;
  return n;
}

function cacheTest(via: Exclude<LoadVia, 'http'>): GlobalTest {
  const what = via === 'library' ? 'SentenceTransformer.load(url) (package browser entry)' : "the demo's Cache API source";
  return {
    name: `Cache API via ${what}: a second visit loads ${MODEL} without downloading anything`,
    async run(env) {
      const url = `/models/${MODEL}/`;
      const h = await openHarness(env.browser, env.server.url, 'cpu');
      try {
        await h.page.evaluate(() => window.sbertHarness!.clearCache());
        env.server.requests.clear();
        const first = await h.page.evaluate(([u, v]) => window.sbertHarness!.load(u, v), [url, via] as const);
        const firstReq = requestsFor(env.server, url);
        const a = await h.page.evaluate(([u, s]) => window.sbertHarness!.encode(u, s), [url, SENTENCES] as const);
        const gets = total(firstReq, 'GET');
        if (gets === 0) throw new Error('first visit downloaded nothing');
        const dupes = [...firstReq].filter(([k, v]) => k.startsWith('GET ') && v > 1);
        if (dupes.length > 0) throw new Error(`files fetched more than once: ${dupes.map(([k]) => k).join(', ')}`);
        if (first.downloads !== undefined && first.downloads !== gets) throw new Error(`server saw ${gets} GETs, the source reports ${first.downloads} downloads`);

        await h.page.reload();
        await h.page.waitForFunction(() => window.sbertHarness !== undefined, undefined, { timeout: 60_000 });
        env.server.requests.clear();
        const second = await h.page.evaluate(([u, v]) => window.sbertHarness!.load(u, v), [url, via] as const);
        const secondReq = requestsFor(env.server, url);
        const b = await h.page.evaluate(([u, s]) => window.sbertHarness!.encode(u, s), [url, SENTENCES] as const);
        if (total(secondReq, 'GET') !== 0) throw new Error(`second visit downloaded again: ${JSON.stringify([...secondReq])}`);
        if (via === 'demo-cache') {
          if (total(secondReq) !== 0) throw new Error(`second visit still asked the server: ${JSON.stringify([...secondReq])}`);
          // The loader reads some files twice (the second read is a hit even on the first visit).
          const reads = (first.downloads ?? 0) + (first.hits ?? 0);
          if (second.downloads !== 0 || second.hits !== reads) throw new Error(`second load: ${JSON.stringify(second)}, expected 0 downloads and ${reads} hits`);
        }
        const d = maxAbsDiff(b.embeddings.flat(), a.embeddings.flat());
        if (d !== 0) throw new Error(`embeddings from the cached model differ by ${d}`);
        env.measured[`cache.${via}`] = { files: gets, firstLoadMs: first.ms, cachedLoadMs: second.ms, headFirstVisit: total(firstReq, 'HEAD'), headSecondVisit: total(secondReq, 'HEAD') };
        return `${gets} files downloaded on the first visit, 0 on the second (HEAD checks: ${total(firstReq, 'HEAD')} then ${total(secondReq, 'HEAD')}); identical embeddings`;
      } finally {
        await h.close();
      }
    },
  };
}

export const cacheSuite: Suite = {
  name: 'cache',
  async setup(env) {
    const m = (await prepareTinyModels()).find((x) => x.name === MODEL);
    if (m === undefined) throw new Error(`fixture model ${MODEL} is missing from test/fixtures/models/`);
    env.server.mount(m);
  },
  globalTests: [cacheTest('demo-cache'), cacheTest('library')],
};
