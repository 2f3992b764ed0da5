import { systemRepository } from '../access/scope.ts';
import type { Queryable } from '../platform/db.ts';
import { TABLES, type Dataset, type Row, type Table } from './generate.ts';
import type { BudgetLineRef, PlanTracks } from './prevention.ts';

/**
 * The demo loader's SQL (docs/architecture.md, "Where SQL lives"). The loader writes generated, fictitious rows into
 * every module's tables at once, as a restore would, so it has its own repository on the system path
 * (runAsSystem(ctx, 'demo', ...)) instead of going through each module's rules one record at a time.
 */

// PostgreSQL allows 65,535 parameters a statement; stay well below so one statement stays cheap to plan.
const MAX_PARAMS = 20_000;

/** INSERT rows (all with the same keys) into table in chunks of multi-row VALUES. */
async function insertRows(tx: Queryable, table: string, rows: Row[]): Promise<void> {
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

export const demoRepo = systemRepository((tx) => ({
  /**
   * The shared hotline and its member units (docs/domain.md, "The shared hotline"); idempotent. A member without
   * case work uses the hotline only.
   */
  async ensureHotline(name: string, members: { unitId: string; caseWork: boolean }[]): Promise<void> {
    await tx.query('INSERT INTO hotlines (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
    await tx.query(
      `INSERT INTO hotline_members (hotline_id, unit_id, case_work)
       SELECT h.id, m.u, m.w FROM hotlines h, unnest($2::uuid[], $3::boolean[]) AS m(u, w) WHERE h.name = $1
       ON CONFLICT ON CONSTRAINT hotline_members_pk DO NOTHING`,
      [name, members.map((m) => m.unitId), members.map((m) => m.caseWork)],
    );
  },
  /** The published history before the unit's records begin (migration 0352); idempotent. Returns the rows added. */
  async ensureHistory(unitId: string, rows: { measure: string; first_year: number; last_year: number; value: number; source: string }[], at: Date): Promise<number> {
    let added = 0;
    for (const h of rows) {
      const r = await tx.query(
        `INSERT INTO history_aggregates (unit_id, measure, first_year, last_year, value, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ON CONSTRAINT history_aggregates_uq DO NOTHING`,
        [unitId, h.measure, h.first_year, h.last_year, h.value, h.source, at]);
      added += r.rowCount ?? 0;
    }
    return added;
  },
  /** Writes rows into one table; table is one of the loader's own constant names, never input. */
  insertRows: (table: string, rows: Row[]): Promise<void> => insertRows(tx, table, rows),

  /**
   * Writes a generated dataset with multi-row INSERTs, tables in foreign-key order. Calls and concerns point at each
   * other, so calls go in first without their concern and are linked afterwards. Returns the rows written per table.
   */
  async insertDataset(data: Dataset): Promise<Record<Table, number>> {
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
  },

  /** The ids of the users that exist among usernames. */
  async userIds(usernames: string[]): Promise<Record<string, string>> {
    const r = await tx.query<{ id: string; username: string }>('SELECT id, username FROM users WHERE username = ANY($1::text[])', [usernames]);
    return Object.fromEntries(r.rows.map((u) => [u.username, u.id]));
  },

  /** Whether any of these users has registered a concern (the case flow was generated before). */
  async anyConcernBy(userIds: string[]): Promise<boolean> {
    return (await tx.query('SELECT 1 FROM concerns WHERE registered_by = ANY($1::uuid[]) LIMIT 1', [userIds])).rowCount > 0;
  },

  /** Whether any of these users has registered a prevention activity in the unit. */
  async anyActivityBy(unitId: string, userIds: string[]): Promise<boolean> {
    return (await tx.query('SELECT 1 FROM activities WHERE unit_id = $1 AND created_by = ANY($2::uuid[]) LIMIT 1', [unitId, userIds])).rowCount > 0;
  },

  /** The dimension codes of the national assessment instrument, in order. */
  async assessmentDimensions(): Promise<string[]> {
    const r = await tx.query<{ code: string }>(`SELECT code FROM assessment_dimensions WHERE instrument_id = 'national-v1' ORDER BY position`);
    return r.rows.map((d) => d.code);
  },

  /** The track ids of the unit's reference plans by plan key and position. */
  async referenceTracks(unitId: string): Promise<PlanTracks> {
    const r = await tx.query<{ key: string; position: number; id: string }>(
      `SELECT p.reference_key AS key, t.position, t.id FROM plan_tracks t JOIN action_plans p ON p.id = t.plan_id
        WHERE p.unit_id = $1 AND p.reference_key IS NOT NULL`, [unitId],
    );
    const tracks: PlanTracks = {};
    for (const t of r.rows) (tracks[t.key] ??= {})[t.position] = t.id;
    return tracks;
  },

  /** The id of the unit's reference plan with the key, or null when it is not installed. */
  async referencePlanId(unitId: string, key: string): Promise<string | null> {
    const r = await tx.query<{ id: string }>('SELECT id FROM action_plans WHERE unit_id = $1 AND reference_key = $2', [unitId, key]);
    return r.rows[0]?.id ?? null;
  },

  /** The budget lines of the unit's reference plans that have no spending recorded yet. */
  async unspentReferenceLines(unitId: string): Promise<BudgetLineRef[]> {
    const r = await tx.query<{ id: string; key: string; year: number; track: number | null; funding_source: string; amount: string }>(
      `SELECT b.id, p.reference_key AS key, b.year, t.position AS track, b.funding_source, b.amount_dkk::text AS amount
         FROM budget_lines b JOIN action_plans p ON p.id = b.plan_id LEFT JOIN plan_tracks t ON t.id = b.track_id
        WHERE p.unit_id = $1 AND p.reference_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM spending_entries e WHERE e.budget_line_id = b.id)
        ORDER BY b.year, p.reference_key, t.position NULLS LAST, b.funding_source, b.id`, [unitId],
    );
    return r.rows.map((b) => ({ id: b.id, planKey: b.key, year: b.year, track: b.track, fundingSource: b.funding_source, amountDkk: Number(b.amount) }));
  },
}));
