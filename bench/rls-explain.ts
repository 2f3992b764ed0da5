/**
 * What the reach policies of migration 0120 cost on the read path: `VINK_BENCH_DATABASE_URL=postgres://… node
 * bench/rls-explain.ts` (or in-memory PGlite without it). Builds a unit with BENCH_PERSONS persons (default 5000),
 * a case for every other one with an owner, and an adviser who owns 40 of them; then EXPLAIN ANALYZEs a case read and
 * a person search as that adviser under vink_app, with the reach policies and with them dropped ("before"). Prints
 * figures; asserts nothing.
 */
import { migrate } from '../src/server/platform/migrate.ts';
import { openPglite, type Database, type Queryable } from '../src/server/platform/db.ts';
import { scratchPostgres } from '../tests/helpers/db.ts';
import { caseReachSql, CASE_COLUMNS } from '../src/server/modules/cases/index.ts';
import { personReachSql, PERSON_COLUMNS } from '../src/server/modules/persons/index.ts';
import type { Actor } from '../src/server/access/actor.ts';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 500);
const url = process.env.VINK_BENCH_DATABASE_URL;
const scratch = url ? await scratchPostgres(url, 'vink_bench_rls') : undefined;
const db: Database = scratch?.db ?? (await openPglite('memory://'));
const UNIT = '00000000-0000-4000-8000-0000000000e1';
const ADVISER = '30000000-0000-4000-8000-000000000001';
const OTHER = '30000000-0000-4000-8000-000000000002';

try {
  await migrate(db);
  const ownCase = await db.transaction(async (tx) => {
    await tx.query(`INSERT INTO units (id, name, municipality_code, police_district_id) VALUES ($1, 'Bench', '101', 11)`, [UNIT]);
    await tx.query(`INSERT INTO users (id, unit_id, username, display_name, role) VALUES ($1, $3, 'bench.adviser', 'A', 'adviser'), ($2, $3, 'bench.other', 'O', 'adviser')`,
      [ADVISER, OTHER, UNIT]);
    await tx.query(`INSERT INTO persons (unit_id, full_name, birth_date, created_by, created_at, updated_at)
      SELECT $1, 'Person ' || g || CASE WHEN g % 7 = 0 THEN ' Abildgaard' ELSE ' Hansen' END, date '1990-01-01' + g % 3000,
             CASE WHEN g % 100 = 0 THEN $2::uuid ELSE $3::uuid END, now(), now() FROM generate_series(1, $4) g`, [UNIT, ADVISER, OTHER, PERSONS]);
    await tx.query(`INSERT INTO cases (unit_id, person_id, title, created_at, updated_at)
      SELECT unit_id, id, 'Sag', now(), now() FROM persons WHERE unit_id = $1 AND (hashtext(id::text) % 2) = 0`, [UNIT]);
    await tx.query(`INSERT INTO case_members (case_id, user_id, unit_id, relation, added_at)
      SELECT id, CASE WHEN row_number() OVER (ORDER BY id) <= 40 THEN $1::uuid ELSE $2::uuid END, unit_id, 'owner', now() FROM cases`, [ADVISER, OTHER]);
    await tx.exec('ANALYZE');
    return (await tx.query<{ case_id: string }>('SELECT case_id FROM case_members WHERE user_id = $1 LIMIT 1', [ADVISER])).rows[0]!.case_id;
  });
  const actor: Actor = { id: ADVISER, role: 'adviser', username: 'a', displayName: 'A', unitId: UNIT, unitName: 'Bench', unitIds: [UNIT], sessionId: 's' };
  const asAdviser = <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('role', 'vink_app', true), set_config('vink.actor_id', $1, true), set_config('vink.unit_ids', $2, true),
      set_config('vink.actor_role', 'adviser', true)`, [ADVISER, `{${UNIT}}`]);
    return fn(tx);
  });
  const caseParams: unknown[] = [ownCase];
  const caseSql = `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 AND ${caseReachSql(['member'], actor, caseParams)}`;
  const personParams: unknown[] = ['%abild%'];
  const personSql = `SELECT ${PERSON_COLUMNS} FROM persons p WHERE p.full_name ILIKE $1 AND ${personReachSql(['creator', 'member'], actor, personParams)} ORDER BY p.full_name LIMIT 50`;

  const measure = async (label: string) => {
    for (const [name, sql, params] of [['case read', caseSql, caseParams], ['person search', personSql, personParams]] as const) {
      const plan = await asAdviser((tx) => tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${sql}`, params as unknown[]));
      const lines = plan.rows.map((r) => r['QUERY PLAN']);
      const cost = /cost=[\d.]+\.\.([\d.]+)/.exec(lines[0]!)?.[1];
      const visible = await asAdviser((tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM persons'));
      const t0 = performance.now();
      for (let i = 0; i < RUNS; i++) await asAdviser((tx) => tx.query(sql, params as unknown[]));
      const each = (performance.now() - t0) / RUNS;
      // The statement alone, warm, in one transaction: what the policies add to a query, without the round trips.
      const [warm, warmPlan] = await asAdviser(async (tx) => {
        const t1 = performance.now();
        for (let i = 0; i < RUNS; i++) await tx.query(sql, params as unknown[]);
        const t = (performance.now() - t1) / RUNS;
        const again = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${sql}`, params as unknown[]);
        return [t, again.rows.map((x) => x['QUERY PLAN'])] as const;
      });
      const timing = (ls: readonly string[]) => ls.filter((l) => /^(Planning|Execution) Time/.test(l)).map((l) => l.replace(' Time', '')).join(', ');
      console.log(`${label.padEnd(22)} ${name.padEnd(14)} plan cost ${cost?.padStart(9)}  cold: ${timing(lines)}; warm: ${timing(warmPlan)}  ` +
        `statement warm: ${warm.toFixed(3)} ms  transaction with it: ${each.toFixed(2)} ms  (persons visible to vink_app: ${visible.rows[0]!.n})`);
      if (process.env.BENCH_PLANS) console.log(lines.join('\n'));
    }
  };
  console.log(`${scratch ? 'PostgreSQL' : 'PGlite'}: ${PERSONS} persons, ${RUNS} runs each`);
  await measure('with reach policies');
  await db.transaction(async (tx) => {
    const r = await tx.query<{ policyname: string; tablename: string }>(`SELECT policyname, tablename FROM pg_policies WHERE policyname LIKE '%\\_reach'`);
    for (const p of r.rows) await tx.query(`DROP POLICY ${p.policyname} ON ${p.tablename}`);
    // The persons policy as migration 0001 wrote it, before 0120 replaced it.
    await tx.query('DROP POLICY persons_scope ON persons');
    await tx.query(`CREATE POLICY persons_scope ON persons TO vink_app
      USING (unit_id = ANY (vink_actor_units()) OR EXISTS (SELECT 1 FROM cases c WHERE c.person_id = persons.id AND vink_actor_is_member(c.id)))`);
  });
  await measure('unit only (before)');
} finally {
  if (scratch) await scratch.drop();
  else await db.close();
}
