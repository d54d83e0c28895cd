import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Builds dist/ once, for the tests that run the real `vppapi` program as a child process.
    globalSetup: ['test/support/global-setup.ts'],
    // The JSON report is what .ci/run counts from; the skip reporter says in one line what was skipped and why.
    reporters: ['default', 'json', './test/support/skip-reporter.ts'],
    outputFile: { json: '.vitest/results.json' },
  },
});
