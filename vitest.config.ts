import { defineConfig } from 'vitest/config';

// One runner for unit and integration tests. E2E (Chromium) runs separately: npm run test:e2e.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two cores on CI: real media/ONNX/tfjs work is CPU bound; more parallel forks only thrash.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
