/**
 * Mutation testing of the access core, the audit trail and the module repositories: the code that must apply the
 * need-to-know table and record every look (docs/architecture.md). Not part of CI; run it by hand:
 *
 *   npm run mutation                                         # the scope below, with the tests that cover it
 *   npm run mutation -- --mutate src/server/access/scope.ts  # another scope (replaces `mutate`)
 *   npm run mutation -- --mutate src/server/access/policy.ts --testFiles src/server/access/policy.test.ts --dryRunOnly
 *
 * The tests are those of vitest.mutation.config.ts (unit tests and the integration tests, on PGlite or, with
 * VINK_TEST_DATABASE_URL, on PostgreSQL). Coverage per test lets each mutant run only the tests that reach it.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  mutate: [
    'src/server/access/**/*.ts',
    'src/server/audit/**/*.ts',
    'src/server/modules/*/repo.ts',
    '!src/server/**/*.test.ts',
  ],
  coverageAnalysis: 'perTest',
  // The integration tests are heavy (a database per file); two workers at most on a shared machine.
  concurrency: 2,
  // A mutant may slow a test down without looping: allow three times the normal time plus a fixed margin.
  timeoutFactor: 3,
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 60,
  incremental: false,
  // Mutants of module-level constants need every test file re-imported with the mutant active; under the vitest
  // runner they were not re-evaluated (a false "survived"), and running all integration tests for each would take
  // hours. They are reported as ignored instead.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { allowColor: true, logTests: false, reportMutants: true, reportScoreTable: true },
  // Files the tests never load: kept out of the sandbox copies.
  // Anchored at the root: an unanchored 'reports' would also drop src/server/modules/reports from the sandbox.
  ignorePatterns: ['/dist', '/data', '/coverage', '/reports', '/bench', '/src/web', '/tests/e2e', '/.ci-results'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
