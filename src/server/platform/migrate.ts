import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Database } from './db.ts';
import { syncAccessReachInTrx } from './access-reach.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
// Serialises migration runs when several instances start at once.
const MIGRATION_LOCK = 7_357_000;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies the forward-only SQL migrations in src/server/migrations in name order, each once, all in one
 * transaction under an advisory lock. A changed file that was already applied is an error, not a silent skip. Then
 * copies the need-to-know table into the database for row-level security (access-reach.ts).
 */
export async function migrate(db: Database): Promise<MigrationResult> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map((r) => [
        r.name,
        r.checksum,
      ]),
    );
    const applied: string[] = [];
    for (const file of files) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(file);
      if (previous) {
        if (previous !== checksum) throw new Error(`Migration ${file} was changed after it was applied; add a new migration instead.`);
        continue;
      }
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file, checksum]);
      applied.push(file);
    }
    // Row-level security reads the need-to-know table from the database; it is rewritten from the code that runs at
    // every start, in this transaction (access-reach.ts, migration 0120).
    await syncAccessReachInTrx(tx);
    return { applied, alreadyApplied: done.size };
  });
}
