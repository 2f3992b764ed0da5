import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './helpers/db.ts';
import { systemTransaction } from './helpers/sql.ts';
import type { Database } from '../src/server/platform/db.ts';
import { CLASS_ACTIONS, DATA_MAP } from '../src/server/modules/retention/index.ts';

/**
 * The data map (src/server/modules/retention/data-map.ts, docs/retention.md) against the migrated schema: every table
 * with a person_id column, and every column whose comment says it holds personal data, must be in the map with its
 * class, so a new personal-data table or column cannot be added without deciding when it ends.
 */
let db: Database;
let drop: () => Promise<void>;
const q = async <T,>(sql: string) => (await systemTransaction(db, (tx) => tx.query<T & Record<string, unknown>>(sql))).rows;

/** A column comment that declares personal data (and does not deny it). */
const PERSONAL = /personal data|sensitive|Art\. ?9|CPR number|may (name|identify|describe|contain)/i;
const DENIED = /\bnot personal data\b|\bno personal data\b|must not contain personal data/i;

beforeAll(async () => {
  ({ db, drop } = await freshDatabase());
});
afterAll(async () => drop?.());

describe('the data map', () => {
  it('names every table that has a person_id column', async () => {
    // Tables and partitioned tables, not their partitions (the audit log's months, migration 0211).
    const rows = await q<{ table_name: string }>(
      `SELECT DISTINCT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attname = 'person_id' AND NOT a.attisdropped ORDER BY 1`);
    expect(rows.length).toBeGreaterThan(2);
    const missing = rows.map((r) => r.table_name).filter((t) => !(t in DATA_MAP));
    expect(missing).toEqual([]);
  });

  it('names every column whose comment says it holds personal data, in its table\'s entry', async () => {
    const rows = await q<{ table_name: string; column_name: string; comment: string }>(
      `SELECT c.relname AS table_name, a.attname AS column_name, d.description AS comment
         FROM pg_description d JOIN pg_class c ON c.oid = d.objoid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND d.objsubid > 0 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1, 2`);
    const personal = rows.filter((r) => PERSONAL.test(r.comment) && !DENIED.test(r.comment));
    expect(personal.length).toBeGreaterThan(20);
    const missing = personal.filter((r) => !(r.table_name in DATA_MAP) || !(r.column_name in DATA_MAP[r.table_name]!.columns))
      .map((r) => `${r.table_name}.${r.column_name}`);
    expect(missing).toEqual([]);
  });

  it('names only tables and columns that exist', async () => {
    const cols = new Set((await q<{ k: string }>(`SELECT table_name || '.' || column_name AS k FROM information_schema.columns WHERE table_schema = 'public'`)).map((r) => r.k));
    const unknown = Object.entries(DATA_MAP).flatMap(([t, e]) => Object.keys(e.columns).map((c) => `${t}.${c}`)).filter((k) => !cols.has(k));
    expect(unknown).toEqual([]);
  });

  it('gives each class of the schedule the action its rule performs', async () => {
    const rows = await q<{ class_key: string; action: string }>('SELECT class_key, action FROM retention_classes ORDER BY class_key');
    expect(Object.fromEntries(rows.map((r) => [r.class_key, r.action]))).toEqual(CLASS_ACTIONS);
  });
});
