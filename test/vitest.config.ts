import { defineConfig } from 'vitest/config';

// Node run of the whole suite. Parity tests against the real model read the ignored
// cache (.cache/) that `npm run fetch-model` fills; they skip only when SBERT_REAL_MODEL=skip.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: false, maxForks: 2 } },
  },
});
