import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openPglite, openPostgres, type Database } from '../../src/server/platform/db.ts';
import { migrate } from '../../src/server/platform/migrate.ts';

/** The migrated database a run starts each test file from, built once by tests/global-setup.ts. */
export type MigratedTemplate = { kind: 'pglite'; file: string } | { kind: 'postgres'; name: string };

declare module 'vitest' {
  export interface ProvidedContext {
    vinkTemplate: MigratedTemplate | undefined;
  }
}

/** Test databases share this prefix, so scripts/test-pg.ts can drop whatever a crashed run left behind. */
export const TEST_DATABASE_PREFIX = 'vink_test';

const uniqueName = (prefix: string) => `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;

async function admin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Creates a throwaway database on the PostgreSQL server at baseUrl, empty or as a copy of template; drop() removes it
 * (forcing out connections).
 */
export async function scratchPostgres(
  baseUrl: string, prefix: string, poolSize = 5, template?: string,
): Promise<{ db: Database; url: string; name: string; drop(): Promise<void> }> {
  const name = uniqueName(prefix);
  await admin(baseUrl, (c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.href, undefined, poolSize);
  return {
    db,
    url: url.href,
    name,
    drop: async () => {
      await db.close();
      await admin(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A migrated database on the PostgreSQL server to copy test databases from. Its pool is closed before it is returned:
 * CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template.
 */
export async function createTemplatePostgres(baseUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const template = await scratchPostgres(baseUrl, `${TEST_DATABASE_PREFIX}_template`, 1);
  try {
    await migrate(template.db);
  } catch (err) {
    await template.drop();
    throw err;
  }
  await template.db.close();
  return {
    name: template.name,
    drop: () => admin(baseUrl, async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${template.name} WITH (FORCE)`))),
  };
}

/**
 * The template of this run, or undefined when no global setup made one (the browser tests' config) or outside vitest
 * (bench/run.ts uses scratchPostgres from here).
 */
async function migratedTemplate(): Promise<MigratedTemplate | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  return inject('vinkTemplate');
}

/**
 * A fresh database for one test file: in-memory PGlite by default, or a new database on the PostgreSQL server named
 * by VINK_TEST_DATABASE_URL (created here, dropped by drop()). When the run's global setup migrated a template
 * (tests/global-setup.ts), the database starts as a copy of it; otherwise it starts empty and createContext migrates it.
 */
export async function freshDatabase(): Promise<{ db: Database; url: string | undefined; drop(): Promise<void> }> {
  const base = process.env.VINK_TEST_DATABASE_URL;
  const template = await migratedTemplate();
  if (!base) {
    const loadDataDir = template?.kind === 'pglite' ? new Blob([await readFile(template.file)]) : undefined;
    const db = await openPglite('memory://', { loadDataDir });
    return { db, url: undefined, drop: () => db.close() };
  }
  return scratchPostgres(base, TEST_DATABASE_PREFIX, 5, template?.kind === 'postgres' ? template.name : undefined);
}
