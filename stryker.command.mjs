import base from './stryker.config.mjs';

/**
 * A focused mutation run with Stryker's command runner: each mutant runs one plain vitest command, so the mutant is
 * active in the integration tests' forked workers too (no per-test coverage is needed). Slower per mutant, but
 * reliable for repositories whose tests are integration tests. Used for the score in the closing note of the
 * scoped-repositories work:
 *
 *   npm run mutation:focused -- --mutate "src/server/access/policy.ts:13-15,src/server/modules/cases/repo.ts:338-350"
 *
 * Set VINK_MUTATION_TESTS to the test files to run for each mutant (default: the case-work files).
 */
const tests = process.env.VINK_MUTATION_TESTS
  ?? 'tests/casework.int.test.ts tests/matrix-casework.int.test.ts tests/field-rules-app-layer.int.test.ts';

export default {
  ...base,
  testRunner: 'command',
  commandRunner: { command: `npx vitest run --config vitest.config.ts ${tests}` },
  coverageAnalysis: 'off',
  ignoreStatic: false,
  concurrency: 1,
  vitest: undefined,
};
