import type { Browser } from 'playwright-core';
import type { BackendName } from '../../../demo/src/backend_names.js';
import type { SbertServer } from '../../../demo/server/vite_server.js';
import type { HarnessPage } from './harness_page.js';

export interface SuiteEnv {
  browser: Browser;
  server: SbertServer;
  /** Figures worth reporting (max abs per backend, timings); written to test-results/browser.json. */
  measured: Record<string, unknown>;
}

/** A test run once per backend on that backend's harness page; returns a one-line detail or throws. */
export interface BackendTest {
  name: string;
  /** Only these backends (default: every backend the run asks for). */
  backends?: readonly BackendName[];
  run(h: HarnessPage, backend: BackendName, env: SuiteEnv): Promise<string>;
}

/** A test that opens its own pages. */
export interface GlobalTest {
  name: string;
  run(env: SuiteEnv): Promise<string>;
}

export interface Suite {
  name: string;
  /** Node-side preparation (convert models, compute Node cpu references, mount folders); a
   *  failure here fails every test of the suite with its message. */
  setup?(env: SuiteEnv): Promise<void>;
  backendTests?: BackendTest[] | (() => BackendTest[]);
  globalTests?: GlobalTest[] | (() => GlobalTest[]);
}
