import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * Architecture rules enforced here (docs/architecture.md):
 * - no import cycle anywhere (import-x/no-cycle);
 * - SQL lives in repositories (repo.ts), migrations and platform/ only;
 * - Database.transaction is opened only by platform/ and the scope builder (access/scope.ts);
 * - a module uses another module only through its index.ts.
 */

/** A call of .query()/.exec(), or a string that starts like SQL, is SQL. */
const SQL_SELECTORS = [
  {
    selector: "CallExpression[callee.property.name=/^(query|exec)$/]",
    message: 'SQL lives in a repository (repo.ts), a migration or platform/ only (docs/architecture.md).',
  },
  {
    selector: 'Literal[value=/^\\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|EXISTS \\(SELECT)\\s/]',
    message: 'SQL text lives in a repository (repo.ts), a migration or platform/ only (docs/architecture.md).',
  },
  {
    selector: 'TemplateElement[value.raw=/^\\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|EXISTS \\(SELECT)\\s/]',
    message: 'SQL text lives in a repository (repo.ts), a migration or platform/ only (docs/architecture.md).',
  },
];
const TRANSACTION_SELECTOR = {
  selector: "CallExpression[callee.property.name='transaction']",
  message: 'Transactions are opened by platform/ and access/scope.ts only: use runScoped (requests) or runAsSystem (jobs, CLI).',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'reports/', '.stryker-tmp/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/repo.ts', 'src/server/platform/**', 'src/server/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...SQL_SELECTORS, TRANSACTION_SELECTOR] },
  },
  {
    files: ['src/server/**/repo.ts'],
    rules: { 'no-restricted-syntax': ['error', TRANSACTION_SELECTOR] },
  },
  {
    // The audit verifier is an operator's tool that reads the chain in batches, each in its own read transaction;
    // it sits below access/ (which writes through it), so it cannot use runAsSystem.
    files: ['src/server/audit/repo.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/server/access/scope.ts'],
    rules: { 'no-restricted-syntax': ['error', ...SQL_SELECTORS] },
  },
  {
    // A module reaches another only through that module's index.ts.
    files: ['src/server/modules/**/*.ts'],
    ignores: ['src/server/modules/registry.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^\\.\\./(?!\\.\\./)[^/]+/(?!index\\.ts$).+',
          message: "Import another module through its index.ts (docs/architecture.md).",
        }],
      }],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
