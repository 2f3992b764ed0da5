import type { Queryable } from '../platform/db.ts';
import { TABLES, type Dataset, type Row, type Table } from './generate.ts';

// PostgreSQL allows 65,535 parameters a statement; stay well below so one statement stays cheap to plan.
const MAX_PARAMS = 20_000;

/**
 * Writes a generated dataset with multi-row INSERTs, tables in foreign-key order. Calls and concerns point at each
 * other, so calls go in first without their concern and are linked afterwards. Returns the rows written per table.
 */
export async function insertDatasetInTrx(tx: Queryable, data: Dataset): Promise<Record<Table, number>> {
  const counts = {} as Record<Table, number>;
  for (const table of TABLES) {
    const rows = table === 'calls' ? data.calls.map((c) => ({ ...c, concern_id: null })) : data[table];
    await insertRows(tx, table, rows);
    counts[table] = rows.length;
    if (table === 'concerns') {
      const forwarded = data.calls.filter((c) => c.concern_id).map((c) => c.id);
      if (forwarded.length > 0) {
        await tx.query('UPDATE calls c SET concern_id = k.id FROM concerns k WHERE k.call_id = c.id AND c.id = ANY($1::uuid[])', [forwarded]);
      }
    }
  }
  return counts;
}

/** INSERT rows (all with the same keys) into table in chunks of multi-row VALUES. */
export async function insertRows(tx: Queryable, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      if (Object.keys(row).length !== columns.length) throw new Error(`demo rows for ${table} differ in shape`);
      const slots = columns.map((col) => {
        if (!(col in row)) throw new Error(`demo row for ${table} lacks ${col}`);
        params.push(row[col]);
        return `$${params.length}`;
      });
      return `(${slots.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}
