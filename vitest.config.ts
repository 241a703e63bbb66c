import { defineConfig } from 'vitest/config';

// Unit tests need no server. Integration and e2e tests start real servers, so
// they run one file at a time on the 2-core machines and share one Temporal
// dev server started by their global setup.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    env: { OPENAI_AGENTS_DISABLE_TRACING: '1' },
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
