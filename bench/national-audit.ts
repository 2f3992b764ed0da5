import type pg from 'pg';

/**
 * The audit rows of the national data set, and the minimal audit INSERT of the database baseline. Both are here, in
 * one small file, because the audit table's shape is changing (rows appended unlinked with a sequence, linked into
 * the hash chain by a sealer): adapt these two functions and nothing else.
 *
 * The generated rows are NOT chained: they are written as rows from before migration 0130 (chain_version 2, linked at
 * their seq) with unique placeholders for prev_hash and hash, so `vink audit verify` over them fails by design; rows
 * the app writes later are sealed after them (docs/security.md, "The audit trail"). They exist so the DPO's per-person log and the indexes on audit_log have national volume to work
 * against. Each row is a look at a person (and, where the person has one, their case) of the data set by a staff
 * member of the person's unit, spread evenly over the years of the data set in sequence order.
 */
export async function insertAuditRows(db: pg.Pool, total: number, fromYear: number, toYear: number, log: (s: string) => void): Promise<void> {
  const client = await db.connect();
  try {
    await client.query(`CREATE TEMP TABLE bench_subjects AS
      SELECT row_number() OVER (ORDER BY p.id) - 1 AS rn, p.id AS person_id, p.unit_id, (SELECT c.id FROM cases c WHERE c.person_id = p.id LIMIT 1) AS case_id
        FROM persons p`);
    await client.query(`CREATE TEMP TABLE bench_staff AS
      SELECT row_number() OVER (PARTITION BY u.unit_id ORDER BY u.username) - 1 AS k, u.id AS user_id, u.role, u.unit_id
        FROM users u WHERE u.role IN ('adviser', 'coordinator', 'mentor', 'police_liaison')`);
    await client.query('CREATE INDEX ON bench_subjects (rn)');
    await client.query('CREATE INDEX ON bench_staff (unit_id, k)');
    await client.query('ANALYZE bench_subjects; ANALYZE bench_staff');
    const { rows: [n] } = await client.query<{ subjects: number; staff: number }>(
      `SELECT (SELECT count(*) FROM bench_subjects)::int AS subjects,
              (SELECT min(c) FROM (SELECT count(*)::int AS c FROM bench_staff GROUP BY unit_id) x)::int AS staff`,
    );
    if (!n || n.subjects === 0 || !n.staff) throw new Error('audit rows need persons and staff first');
    const start = Date.UTC(fromYear, 0, 1);
    const span = Date.UTC(toYear + 1, 0, 1) - start;
    const batch = 500_000;
    for (let done = 0; done < total; done += batch) {
      const size = Math.min(batch, total - done);
      const t = performance.now();
      await client.query(
        `INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id, purpose, criterion,
                                prev_hash, hash, chain_version)
         SELECT to_timestamp(($3::float8 + $4::float8 * g / $5::float8) / 1000), st.user_id, st.role, s.unit_id,
                CASE WHEN g % 10 = 0 THEN 'search' ELSE 'read' END, 'ok',
                CASE WHEN s.case_id IS NOT NULL AND g % 3 <> 0 THEN 'case' ELSE 'person' END,
                CASE WHEN s.case_id IS NOT NULL AND g % 3 <> 0 THEN s.case_id ELSE s.person_id END,
                s.person_id, 'casework', NULL,
                'bench-' || lpad(to_hex(g - 1), 58, '0'), 'bench-' || lpad(to_hex(g), 58, '0'), 2
           FROM generate_series($1::bigint, $2::bigint) AS g
           JOIN bench_subjects s ON s.rn = (g * 7919) % $6
           JOIN bench_staff st ON st.unit_id = s.unit_id AND st.k = g % $7`,
        [done + 1, done + size, start, span, total, n.subjects, n.staff],
      );
      log(`audit rows ${done + size}/${total} (${((performance.now() - t) / 1000).toFixed(1)} s for ${size})`);
    }
    await client.query('DROP TABLE bench_subjects; DROP TABLE bench_staff');
  } finally {
    client.release();
  }
}

/**
 * The minimal audit INSERT a read costs the database: one row, in the reading transaction (used by the baseline). It is
 * appended as the app's writer appends since migration 0130, unlinked (chain_version 3, the chain fields left to the
 * sealer), with a constant in place of the content hash the writer computes: the database's cost of recording the
 * look, without the app's hashing. The running server's sealer links these rows as it links its own.
 */
export const BASELINE_AUDIT_INSERT = `INSERT INTO audit_log (at, actor_id, actor_role, unit_id, action, outcome, record_type, record_id, person_id,
    purpose, criterion, content_hash, chain_version)
  VALUES (now(), $1, $2, $3, $4, 'ok', $5, $6, $7, 'casework', $8, 'baseline', 3)`;

/** Parameters of BASELINE_AUDIT_INSERT. */
export function baselineAuditParams(actor: { id: string; role: string; unitId: string }, action: string, recordType: string, recordId: string | null,
  personId: string | null, criterion: string | null): unknown[] {
  return [actor.id, actor.role, actor.unitId, action, recordType, recordId, personId, criterion];
}
