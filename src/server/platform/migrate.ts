import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Database } from './db.ts';
import { installQueueSchemaInTrx } from './queue.ts';
import { accessReachIsCurrentInTrx, syncAccessReachInTrx } from './access-reach.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
// Serialises migration runs when several instances start at once.
const MIGRATION_LOCK = 7_357_000;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

function migrationFiles(): MigrationFile[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** A changed file that was already applied is an error, not a silent skip. */
function assertUnchanged(files: MigrationFile[], done: Map<string, string>): void {
  for (const f of files) {
    const previous = done.get(f.name);
    if (previous && previous !== f.checksum) throw new Error(`Migration ${f.name} was changed after it was applied; add a new migration instead.`);
  }
}

/**
 * Applies the forward-only SQL migrations in src/server/migrations in name order, each once, all in one
 * transaction under an advisory lock, and installs the job queue's schema (platform/queue.ts) when it is missing.
 * A changed file that was already applied is an error, not a silent skip. Then copies the need-to-know table into the
 * database for row-level security (access-reach.ts) when the copy differs from the code that runs.
 *
 * The usual start has nothing to apply: one read-only query fetches the applied names and checksums and whether the
 * queue's schema is there, a second compares the copy of the need-to-know table with the code, and when everything
 * is current, the run ends without taking the lock or writing anything.
 */
export async function migrate(db: Database): Promise<MigrationResult> {
  const files = migrationFiles();
  const current = await db.transaction(async (tx) => {
    const r = await tx.query<{ ready: boolean }>(
      `SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('pgboss.version') IS NOT NULL AS ready`);
    if (!r.rows[0]?.ready) return null;
    const rows = (await tx.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows;
    return new Map(rows.map((x) => [x.name, x.checksum]));
  });
  if (current) {
    assertUnchanged(files, current);
    if (files.every((f) => current.has(f.name)) && await db.transaction(accessReachIsCurrentInTrx)) {
      return { applied: [], alreadyApplied: current.size };
    }
  }
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
    assertUnchanged(files, done);
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file.name)) continue;
      await tx.exec(file.sql);
      await tx.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [file.name, file.checksum]);
      applied.push(file.name);
    }
    await installQueueSchemaInTrx(tx);
    // Row-level security reads the need-to-know table from the database; it is rewritten from the code that runs at
    // every start, in this transaction (access-reach.ts, migration 0120).
    await syncAccessReachInTrx(tx);
    return { applied, alreadyApplied: done.size };
  });
}
