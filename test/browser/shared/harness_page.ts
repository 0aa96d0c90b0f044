// Opens test/browser/page/ for one backend in a fresh browser context and waits for the
// in-page harness. Console errors from the page are collected so a failing test can show them.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Harness } from '../page/harness.js';

export interface OpenOptions {
  /** Serve the page cross-origin isolated (COOP/COEP), so SharedArrayBuffer and wasm threads work. */
  crossOriginIsolated?: boolean;
  /** Override navigator.hardwareConcurrency (tfjs wasm uses half of it as its thread count). */
  hardwareConcurrency?: number;
  /** Install src/kernels' fast wasm kernels (useFastKernels) in the page before the backend starts. */
  fastKernels?: boolean;
  path?: string;
  timeoutMs?: number;
}

export interface HarnessPage {
  context: BrowserContext;
  page: Page;
  backend: Harness['backend'];
  logs: string[];
  close(): Promise<void>;
}

export async function openPage(browser: Browser, baseUrl: string, query: Record<string, string>, opts: OpenOptions = {}): Promise<{ context: BrowserContext; page: Page; logs: string[] }> {
  const context = await browser.newContext();
  // tsx compiles these tests with esbuild's keepNames, which wraps named functions inside
  // page.evaluate callbacks in __name(...): give the page a no-op one.
  await context.addInitScript('globalThis.__name ??= (f) => f;');
  if (opts.hardwareConcurrency !== undefined) {
    await context.addInitScript(`Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${opts.hardwareConcurrency} });`);
  }
  const page = await context.newPage();
  // Generous: the first page load makes Vite bundle tfjs, and CI machines may be busy.
  page.setDefaultNavigationTimeout(180_000);
  page.setDefaultTimeout(180_000);
  const logs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') logs.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
  const params = new URLSearchParams(query);
  if (opts.crossOriginIsolated === true) params.set('coi', '1');
  if (opts.fastKernels === true) params.set('fast', '1');
  await page.goto(`${baseUrl}${opts.path ?? '/test/browser/page/index.html'}?${params.toString()}`);
  return { context, page, logs };
}

export async function openHarness(browser: Browser, baseUrl: string, backend: string, opts: OpenOptions = {}): Promise<HarnessPage> {
  const { context, page, logs } = await openPage(browser, baseUrl, { backend }, opts);
  try {
    await page.waitForFunction(() => window.sbertHarness !== undefined || window.sbertHarnessError !== undefined, undefined, {
      timeout: opts.timeoutMs ?? 120_000,
    });
  } catch (e) {
    await context.close();
    throw new Error(`harness page for ${backend} did not start: ${(e as Error).message}\n${logs.join('\n')}`);
  }
  const error = await page.evaluate(() => window.sbertHarnessError);
  if (error !== undefined) {
    await context.close();
    throw new Error(`harness page for ${backend} failed: ${error}\n${logs.join('\n')}`);
  }
  const info = await page.evaluate(() => window.sbertHarness!.backend);
  return { context, page, backend: info, logs, close: () => context.close() };
}
