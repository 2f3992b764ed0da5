import { randomUUID } from 'node:crypto';
import { repository, systemRepository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import { ensureAuditPartitionsInTrx, purgeAuditPartitionsInTrx, type AuditAnchor, type AuditHead } from '../../audit/audit.ts';

/**
 * The retention module's tables (docs/retention.md): the schedule (retention_classes), the receipts
 * (retention_receipts) and the scheduled runs (retention_runs); legal_holds is read only (its writer is the access
 * requests' module). What a class selects and what a run does to the records is in SQL functions of migration 0210
 * (vink_retention_candidates, vink_retention_apply, vink_retention_upcoming), so the job and the DPO's counts share
 * one definition.
 */

interface ClassRow {
  class_key: string; description: string; starts_at_event: string; period_months: number;
  action: 'delete' | 'anonymise' | 'drop_partitions'; basis: string; updated_at: Date; version: number;
}
interface ReceiptRow {
  id: string; ran_at: Date; class_key: string; rule: string; cutoff: Date; counts: Record<string, number>; held_back: number;
}

const classShape = (c: ClassRow) => ({
  key: c.class_key, description: c.description, startsAtEvent: c.starts_at_event, periodMonths: c.period_months,
  action: c.action, basis: c.basis, updatedAt: c.updated_at.toISOString(), version: c.version,
});
export type RetentionClassShape = ReturnType<typeof classShape>;

const receiptShape = (r: ReceiptRow) => ({
  id: r.id, ranAt: r.ran_at.toISOString(), classKey: r.class_key, rule: r.rule, cutoff: r.cutoff.toISOString(),
  counts: r.counts, heldBack: r.held_back,
});

const CLASS_COLUMNS = 'class_key, description, starts_at_event, period_months, action, basis, updated_at, version';

/** The cutoff of a class: records whose start event is before it are past their period at `at`. */
const CUTOFF_SQL = `($1::timestamptz - make_interval(months => $2::int))`;

/**
 * One advisory lock for the retention job: with several instances only one runs at a time (transaction-scoped, so
 * a crashed run releases it with its rollback). Numbered beside the task rules' lock (tasks/repo.ts).
 */
export const RETENTION_LOCK = 7_357_050;

/** The DPO's and the manager's view (retention.read) and the DPO's change of a period (retention.manage). */
export const retentionRepo = repository((tx, s) => ({
  async classes() {
    s.requireRole('retention.read', { action: 'read', recordType: 'retention_schedule' });
    const r = await tx.query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM retention_classes ORDER BY class_key`);
    s.audit({ action: 'read', recordType: 'retention_schedule' });
    return r.rows.map(classShape);
  },

  async receipts(limit: number) {
    s.requireRole('retention.read', { action: 'read', recordType: 'retention_receipts' });
    const r = await tx.query<ReceiptRow>(
      'SELECT id, ran_at, class_key, rule, cutoff, counts, held_back FROM retention_receipts ORDER BY ran_at DESC, class_key LIMIT $1', [limit]);
    s.audit({ action: 'read', recordType: 'retention_receipts' });
    return r.rows.map(receiptShape);
  },

  /** Per class, the records of the actor's units that a run at now + horizonDays would take, and those held back. */
  async upcoming(horizonDays: number) {
    s.requireRole('retention.read', { action: 'read', recordType: 'retention_upcoming' });
    const at = new Date(s.now.getTime() + horizonDays * 86_400_000);
    const classes = await tx.query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM retention_classes ORDER BY class_key`);
    const out = [];
    for (const c of classes.rows) {
      const cutoff = (await tx.query<{ cutoff: Date }>(`SELECT ${CUTOFF_SQL} AS cutoff`, [at, c.period_months])).rows[0]!.cutoff;
      const r = await tx.query<{ record_type: string; due: number; held: number }>(
        'SELECT record_type, due, held FROM vink_retention_upcoming($1, $2) ORDER BY record_type', [c.class_key, cutoff]);
      out.push({
        classKey: c.class_key, action: c.action, periodMonths: c.period_months, cutoff: cutoff.toISOString(),
        due: Object.fromEntries(r.rows.map((x) => [x.record_type, x.due])), held: r.rows.reduce((n, x) => n + x.held, 0),
      });
    }
    s.audit({ action: 'read', recordType: 'retention_upcoming', criterion: `horizon=${horizonDays}d` });
    return { horizonDays, classes: out };
  },

  /** Changes a class's period under optimistic locking: unknown class 404, stale version 409. Audited as an update. */
  async setPeriod(key: string, periodMonths: number, version: number) {
    s.requireRole('retention.manage', { action: 'update', recordType: 'retention_class', criterion: `class=${key}` });
    const cur = await tx.query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM retention_classes WHERE class_key = $1 FOR UPDATE`, [key]);
    const c = cur.rows[0];
    if (!c) return s.refuse({ action: 'update', recordType: 'retention_class', criterion: `class=${key}` }, errors.notFound('Retention class'));
    if (c.version !== version) throw errors.staleVersion(c.version);
    const r = await tx.query<ClassRow>(
      `UPDATE retention_classes SET period_months = $2, updated_at = $3, version = version + 1 WHERE class_key = $1 RETURNING ${CLASS_COLUMNS}`,
      [key, periodMonths, s.now]);
    s.audit({ action: 'update', recordType: 'retention_class', criterion: `class=${key} period_months ${c.period_months}->${periodMonths}` });
    return classShape(r.rows[0]!);
  },
}));

/** The retention job's side, on the system path (runAsSystem): the lock, the day's run, the work and its receipt. */
export const retentionSystemRepo = systemRepository((tx, s) => ({
  async tryLock(): Promise<boolean> {
    const r = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [RETENTION_LOCK]);
    return r.rows[0]?.locked === true;
  },

  /** Claims today's (UTC) scheduled run; false when an instance ran it already. */
  async claimDay(): Promise<boolean> {
    const r = await tx.query('INSERT INTO retention_runs (run_day, ran_at) VALUES (($1::timestamptz AT TIME ZONE \'UTC\')::date, $1) ON CONFLICT DO NOTHING RETURNING run_day', [s.now]);
    return r.rows.length === 1;
  },

  async classes() {
    const r = await tx.query<ClassRow>(`SELECT ${CLASS_COLUMNS} FROM retention_classes ORDER BY class_key`);
    return r.rows.map(classShape);
  },

  /** The class's cutoff for a run at `at`. */
  async cutoff(at: Date, periodMonths: number): Promise<Date> {
    return (await tx.query<{ cutoff: Date }>(`SELECT ${CUTOFF_SQL} AS cutoff`, [at, periodMonths])).rows[0]!.cutoff;
  },

  /** What a run at cutoff would take, per record type, and how many records a hold holds back (every unit). */
  async candidates(classKey: string, cutoff: Date): Promise<{ counts: Record<string, number>; heldBack: number }> {
    const r = await tx.query<{ record_type: string; due: number; held: number }>(
      `SELECT record_type, (count(*) FILTER (WHERE NOT held))::int AS due, (count(*) FILTER (WHERE held))::int AS held
         FROM vink_retention_candidates($1, $2) GROUP BY record_type ORDER BY record_type`, [classKey, cutoff]);
    return { counts: Object.fromEntries(r.rows.map((x) => [x.record_type, x.due])), heldBack: r.rows.reduce((n, x) => n + x.held, 0) };
  },

  /** Deletes or anonymises what the class selects at cutoff (migration 0210, vink_retention_apply). */
  async apply(classKey: string, cutoff: Date): Promise<{ counts: Record<string, number>; heldBack: number }> {
    const r = await tx.query<{ counts: Record<string, number>; held_back: number }>(
      'SELECT counts, held_back FROM vink_retention_apply($1, $2, $3)', [classKey, cutoff, s.now]);
    return { counts: r.rows[0]!.counts, heldBack: r.rows[0]!.held_back };
  },

  /** The audit log's months: created from a month back to three ahead (migration 0211). */
  ensureAuditPartitions: () => ensureAuditPartitionsInTrx(tx, new Date(s.now.getTime() - 31 * 86_400_000), new Date(s.now.getTime() + 92 * 86_400_000)),

  /** Drops the audit log's months past cutoff after a signed checkpoint (src/server/audit/repo.ts). */
  purgeAudit: (cutoff: Date, sign: (head: AuditHead) => AuditAnchor) => purgeAuditPartitionsInTrx(tx, cutoff, sign),

  /** The receipt of one class's run: rule, cutoff and counts. Nothing else can be written into it. */
  async writeReceipt(r: { classKey: string; rule: string; cutoff: Date; counts: Record<string, number>; heldBack: number }) {
    const id = randomUUID();
    await tx.query('INSERT INTO retention_receipts (id, ran_at, class_key, rule, cutoff, counts, held_back) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, s.now, r.classKey, r.rule, r.cutoff, JSON.stringify(r.counts), r.heldBack]);
    return id;
  },
}));
