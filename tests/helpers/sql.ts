import { repository } from '../../src/server/access/scope.ts';
import type { Database, Queryable } from '../../src/server/platform/db.ts';

/**
 * Tests arrange and inspect the database as its owner (no actor, no row-level security), as an operator with psql
 * would. The application itself has no such path: src/ reaches data only through repositories (docs/architecture.md).
 */
export function systemTransaction<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

/**
 * The transaction behind a request scope, for tests that run SQL inside a real Scope (the application role, with
 * row-level security) as a repository would. A test-only repository: src/ declares its own per module.
 */
export const scopedTransaction = repository((tx) => tx);
