// Browser test runner (`npm run test:browser`): Vite serves the pages on 127.0.0.1, Debian's
// headless Chromium (playwright-core) opens them once per backend, and Node compares what the
// page computed with its own cpu results. Prints `browser: N passed, M failed`; exit 1 on failure.
//   tsx test/browser/run.ts [--backends cpu,wasm] [--suites smoke,parity] [--grep text]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKENDS, isBackendName, type BackendName } from '../../demo/src/backend_names.js';
import { REPO_ROOT, startSbertServer } from '../../demo/server/vite_server.js';
import { launchChromium } from './shared/launch.js';
import { openHarness } from './shared/harness_page.js';
import { KnownIssue } from './shared/compare.js';
import type { Suite, SuiteEnv } from './shared/types.js';
import { cacheSuite } from './suites/cache.js';
import { crossEncoderSuite } from './suites/cross_encoder.js';
import { demoSuite } from './suites/demo_e2e.js';
import { paritySuite } from './suites/parity.js';
import { researchSuite } from './suites/research.js';
import { smokeSuite } from './suites/smoke.js';
import { wasmThreadsSuite } from './suites/wasm_threads.js';

const SUITES: Suite[] = [smokeSuite, paritySuite, cacheSuite, demoSuite, wasmThreadsSuite, crossEncoderSuite, researchSuite];

interface Args { backends: BackendName[]; suites?: string[]; grep?: string }

function parseArgs(argv: string[]): Args {
  const args: Args = { backends: [...BACKENDS] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--backends') {
      const list = (argv[++i] ?? '').split(',').filter((s) => s !== '');
      const bad = list.filter((b) => !isBackendName(b));
      if (bad.length > 0) throw new Error(`--backends: unknown ${bad.join(',')}; expected some of ${BACKENDS.join(',')}`);
      args.backends = list as BackendName[];
    } else if (a === '--suites') {
      args.suites = (argv[++i] ?? '').split(',').filter((x) => x !== '');
      const bad = args.suites.filter((x) => !SUITES.some((s) => s.name === x));
      if (bad.length > 0) throw new Error(`--suites: unknown ${bad.join(',')}; expected some of ${SUITES.map((s) => s.name).join(',')}`);
    } else if (a === '--grep') {
      args.grep = argv[++i];
    } else {
      throw new Error(`unknown argument ${a}; usage: run.ts [--backends cpu,wasm,webgl,webgpu] [--suites a,b] [--grep text]`);
    }
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const selected = (name: string): boolean => args.grep === undefined || name.includes(args.grep);
  let passed = 0;
  let failed = 0;
  let known = 0;
  const report = (name: string, ms: number, detail: string | Error): void => {
    const secs = (ms / 1000).toFixed(1);
    if (detail instanceof KnownIssue) {
      known++;
      console.log(`  ~ ${name} (${secs}s) KNOWN ISSUE\n      ${detail.message.split('\n').join('\n      ')}`);
    } else if (detail instanceof Error) {
      failed++;
      console.log(`  ✗ ${name} (${secs}s)\n      ${detail.message.split('\n').join('\n      ')}`);
    } else {
      passed++;
      console.log(`  ✓ ${name} (${secs}s)${detail === '' ? '' : ': ' + detail}`);
    }
  };
  const timed = async (name: string, fn: () => Promise<string>): Promise<void> => {
    const t0 = performance.now();
    try {
      const detail = await fn();
      report(name, performance.now() - t0, detail);
    } catch (e) {
      report(name, performance.now() - t0, e instanceof Error ? e : new Error(String(e)));
    }
  };

  const server = await startSbertServer({ models: [], quiet: true });
  const browser = await launchChromium();
  const env: SuiteEnv = { browser, server, measured: {} };
  console.log(`browser suite: Chromium ${browser.version()} on ${server.url}`);
  try {
    // Node-side setup first (conversion, Node cpu references); a failed setup fails its suite.
    const suites = SUITES.filter((su) => args.suites === undefined || args.suites.includes(su.name));
    const ready: Suite[] = [];
    for (const su of suites) {
      if (su.setup === undefined) {
        ready.push(su);
        continue;
      }
      const t0 = performance.now();
      try {
        await su.setup(env);
        ready.push(su);
        console.log(`setup ${su.name}: ${((performance.now() - t0) / 1000).toFixed(1)}s`);
      } catch (e) {
        report(`${su.name}: setup`, performance.now() - t0, e instanceof Error ? e : new Error(String(e)));
      }
    }
    const list = <T>(x: T[] | (() => T[]) | undefined): T[] => (typeof x === 'function' ? x() : (x ?? []));
    for (const backend of args.backends) {
      const tests = ready.flatMap((su) => list(su.backendTests).map((t) => ({ suite: su.name, t })))
        .filter(({ suite, t }) => (t.backends === undefined || t.backends.includes(backend)) && selected(`${suite}: ${t.name} [${backend}]`));
      if (tests.length === 0) continue;
      console.log(`[${backend}]`);
      // A browser per backend: a WebGL/WebGPU context that goes wrong in Chromium's GPU process
      // must not stall the pages of the next backend (or the demo) in a shared one.
      const own = await launchChromium();
      let h;
      try {
        h = await openHarness(own, server.url, backend);
      } catch (e) {
        for (const { suite, t } of tests) report(`${suite}: ${t.name} [${backend}]`, 0, e as Error);
        await own.close();
        continue;
      }
      for (const { suite, t } of tests) await timed(`${suite}: ${t.name} [${backend}]`, () => t.run(h, backend, env));
      await h.close();
      await own.close();
    }
    const globals = ready.flatMap((su) => list(su.globalTests).map((t) => ({ suite: su.name, t }))).filter(({ suite, t }) => selected(`${suite}: ${t.name}`));
    if (globals.length > 0) console.log('[pages]');
    for (const { suite, t } of globals) await timed(`${suite}: ${t.name}`, () => t.run(env));
  } finally {
    await browser.close();
    await server.close();
  }
  mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'test-results/browser.json'), JSON.stringify({ passed, failed, knownIssues: known, measured: env.measured }, null, 2));
  console.log(`browser: ${passed} passed, ${failed} failed${known > 0 ? `, ${known} known issues (see above)` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    console.log('browser: 0 passed, 1 failed');
    process.exit(1);
  },
);
