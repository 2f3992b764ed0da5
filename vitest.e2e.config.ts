import { defineConfig } from 'vitest/config';

/** Browser journeys in Debian's Chromium against the real server; run by `npm run test:e2e` after `vite build`. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
