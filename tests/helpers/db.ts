import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Database } from '../../src/server/platform/db.ts';

/** Creates a throwaway database on the PostgreSQL server at baseUrl; drop() removes it (forcing out connections). */
export async function scratchPostgres(baseUrl: string, prefix: string, poolSize = 5): Promise<{ db: Database; url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.href, undefined, poolSize);
  return {
    db,
    url: url.href,
    name,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh, empty database for one test file: in-memory PGlite by default, or a new database on the PostgreSQL
 * server named by VINK_TEST_DATABASE_URL (created here, dropped by drop()).
 */
export async function freshDatabase(): Promise<{ db: Database; url: string | undefined; drop(): Promise<void> }> {
  const base = process.env.VINK_TEST_DATABASE_URL;
  if (!base) {
    const db = await openPglite('memory://');
    return { db, url: undefined, drop: () => db.close() };
  }
  return scratchPostgres(base, 'vink_test');
}
