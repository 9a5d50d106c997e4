import { defineConfig } from 'vitest/config';

// One runner for the whole repository. Each package is a project so that `--project core` runs only the
// fast, pure tests. Server tests pick their database from LUOSHI_TEST_DB (sqlite | postgres).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['packages/core/src/**/*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'cli', include: ['packages/cli/src/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['packages/web/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // expect.poll waits for the page to show what a step changed; its default (1 s) is shorter than a
          // render on a loaded shared machine, where the indicator tests timed out while the page was right.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
