import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure core, store, server — real databases, no mocks)
 * and `e2e` (the real renderer in headless Chromium, web mode, real server).
 * `npm test` runs both.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{src,main,sync-server,renderer,test,scripts}/**/*.test.{ts,tsx}'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser and several servers per file: keep files sequential on 2 cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
