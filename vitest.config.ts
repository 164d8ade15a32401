import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One throwaway PostgreSQL cluster per run, for the tests of the PostgreSQL store.
    globalSetup: ['./test/helpers/pg-global-setup.ts'],
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
    // Two cores: keep workers few so servers started by tests are not starved.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
