import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One worker per core: each integration file holds its own embedded database (about 300 MB on PGlite).
    maxWorkers: availableParallelism(),
    env: { VINK_ARGON2_FAST: '1', LOG_LEVEL: 'silent' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'tests/**/*.test.ts'], exclude: ['tests/**/*.int.test.ts', 'tests/e2e/**'] } },
      // Migrates once per run and starts each file from a copy (tests/global-setup.ts, tests/helpers/db.ts); only
      // runs when an integration file is selected.
      { extends: true, test: { name: 'integration', include: ['tests/**/*.int.test.ts'], exclude: ['tests/e2e/**'], globalSetup: ['tests/global-setup.ts'] } },
    ],
  },
});
