import type { TestProject } from 'vitest/node';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPglite } from '../src/server/platform/db.ts';
import { migrate } from '../src/server/platform/migrate.ts';
import { createTemplatePostgres } from './helpers/db.ts';

/**
 * Migrates once per run instead of once per test file. On PGlite the migrated data directory is saved as a tarball
 * that each file loads; on PostgreSQL a migrated template database is created that each file copies
 * (CREATE DATABASE … TEMPLATE), and dropped at teardown.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.VINK_TEST_DATABASE_URL;
  if (base) {
    const template = await createTemplatePostgres(base);
    project.provide('vinkTemplate', { kind: 'postgres', name: template.name });
    return template.drop;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'vink-test-'));
  const file = path.join(dir, 'migrated.tar');
  const db = await openPglite('memory://');
  try {
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide('vinkTemplate', { kind: 'pglite', file });
  return () => rm(dir, { recursive: true, force: true });
}
