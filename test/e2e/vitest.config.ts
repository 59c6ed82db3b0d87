import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: the built renderer in Debian's Chromium against the real core through the
 * test bridge. One file, one browser, steps in order; a real clip is analysed, a real model is
 * trained for a few epochs, so the budget is minutes, not seconds.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
