import { defineConfig } from 'vitest/config';

// One vitest run for the whole workspace: one summary line, one global setup that finds Kafka and MongoDB.
// Packages are read from source through the `@fivesoc/source` export condition, so nothing is built first.
export default defineConfig({
  resolve: { conditions: ['@fivesoc/source'] },
  ssr: { resolve: { conditions: ['@fivesoc/source'] } },
  test: {
    include: [
      '{packages,services}/*/src/**/*.spec.ts',
      'services/console/app/{src,e2e}/**/*.spec.ts',
      'test/**/*.spec.ts',
    ],
    globalSetup: ['./packages/test-support/src/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Integration tests share one broker and one database server on 2 cores. In CI one test file runs at a
    // time, so timing-sensitive tests (crash, shutdown, races) never starve; locally two files at once.
    maxWorkers: 2,
    fileParallelism: process.env.CI !== 'true',
  },
});
