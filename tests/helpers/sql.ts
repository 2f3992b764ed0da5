import type { Database, Queryable } from '../../src/server/platform/db.ts';

/**
 * Tests arrange and inspect the database as its owner (no actor, no row-level security), as an operator with psql
 * would. The application itself has no such path: src/ reaches data only through repositories (docs/architecture.md).
 */
export function systemTransaction<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}
