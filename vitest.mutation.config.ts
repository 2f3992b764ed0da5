import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * Vitest for mutation runs (stryker.config.mjs, `npm run mutation`; not CI): the server's and shared unit tests and
 * the integration tests that exercise access/, audit/ and the module repositories. The fuzz test is left out: its
 * inputs are random, so a mutant's result would not be repeatable. Stryker runs the tests in one thread per worker.
 */
// The base config splits unit and integration tests into projects; a mutation run needs one flat project with the
// integration tests' one-off migration (tests/global-setup.ts).
const { projects: _projects, ...shared } = base.test ?? {};

export default defineConfig({
  test: {
    ...shared,
    globalSetup: ['tests/global-setup.ts'],
    include: ['src/server/**/*.test.ts', 'src/shared/**/*.test.ts', 'tests/**/*.int.test.ts'],
    exclude: ['tests/e2e/**', 'tests/fuzz.int.test.ts', 'node_modules/**'],
  },
});
