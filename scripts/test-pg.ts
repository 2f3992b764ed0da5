/**
 * Runs the unit and integration suite against a real PostgreSQL server instead of embedded PGlite.
 * The run migrates one template database (tests/global-setup.ts); each test file gets its own copy of it
 * (CREATE DATABASE … TEMPLATE) and drops it afterwards, and the template is dropped at the end. This script also
 * drops any test database (or template) a crashed run left behind: all are named vink_test_….
 *   VINK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:pg
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.VINK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function dropLeftovers(): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'vink\\_test\\_%'`);
  for (const { datname } of r.rows) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await c.end();
}

try {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  const v = await c.query<{ server_version: string }>('SHOW server_version');
  console.log(`Running the suite on PostgreSQL ${v.rows[0]!.server_version} (${new URL(url).host})`);
  await c.end();
} catch (err) {
  console.error(`Cannot reach PostgreSQL at ${new URL(url).host}: ${(err as Error).message}`);
  process.exit(1);
}

const result = spawnSync('vitest', ['run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, VINK_TEST_DATABASE_URL: url } });
await dropLeftovers();
process.exit(result.status ?? 1);
