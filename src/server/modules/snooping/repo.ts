import { repository, systemRepository } from '../../access/scope.ts';
import { errors } from '../../platform/errors.ts';
import type { SnoopingRule, WatchFlagInput } from '../../../shared/watch.ts';

/**
 * The snooping module's repository: the only SQL on snooping_rules, snooping_alerts and person_watch_flags, and its
 * plain reads of audit_log (docs/architecture.md, "Where SQL lives"; docs/security.md, "Snooping alerts"). The rules
 * read the log on the system path (the scheduler); the DPO reads alerts and their audit rows through the scope.
 */

/** A rule's thresholds (snooping_rules). */
export interface RuleSetting {
  rule: SnoopingRule;
  enabled: boolean;
  threshold: number;
  baseline_factor: string | null;
  baseline_days: number | null;
  work_start_hour: number | null;
  work_end_hour: number | null;
}

/**
 * A look-up in the sense of the rules: a staff member's successful read, reveal or export of a record about a person.
 * System rows (jobs, sign-in) and refused attempts are not look-ups.
 */
const LOOKUP = `a.actor_id IS NOT NULL AND a.actor_role IS NOT NULL AND a.actor_role NOT LIKE 'system:%'
  AND a.outcome = 'ok' AND a.action IN ('read', 'reveal', 'export') AND a.person_id IS NOT NULL`;
/** Any activity of a staff member that touches personal data, refused attempts and searches included. */
const ACTIVITY = `a.actor_id IS NOT NULL AND a.actor_role IS NOT NULL AND a.actor_role NOT LIKE 'system:%'
  AND a.action IN ('read', 'search', 'reveal', 'export')`;
const LOCAL = `(a.at AT TIME ZONE 'Europe/Copenhagen')`;
/** The start of the Copenhagen day of timestamp parameter p. */
const dayStart = (p: string) => `(date_trunc('day', ${p} AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'Europe/Copenhagen')`;
/** Day windows: [start, end) of the local date d. */
const DAY_WINDOW = `(w.d::timestamp AT TIME ZONE 'Europe/Copenhagen') AS window_start, ((w.d + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen') AS window_end`;
/** At most this many audit rows are kept per alert for the drill-down. */
const MAX_ROWS = 500;

/**
 * Each rule as SQL over [from, to) giving (user_id, window_start, window_end, observed, baseline, seqs) for every window
 * where it fires. Parameters: $1 from, $2 to, $3 threshold, then the rule's own.
 */
const CANDIDATES: Record<SnoopingRule, (r: RuleSetting) => { sql: string; extra: unknown[] }> = {
  // Many distinct persons in one hour, at least the threshold and at least factor × the user's own baseline: the
  // average distinct persons per active hour over the previous baseline_days days (only users with a candidate hour
  // are looked at, through the log's (actor_id, at) index).
  volume: (r) => ({
    extra: [Number(r.baseline_factor), r.baseline_days],
    sql: `WITH recent AS (
            SELECT a.actor_id, date_trunc('hour', a.at AT TIME ZONE 'UTC') AS h, count(DISTINCT a.person_id)::int AS n,
                   (array_agg(a.seq ORDER BY a.seq))[1:${MAX_ROWS}] AS seqs
              FROM audit_log a WHERE ${LOOKUP} AND a.at >= date_trunc('hour', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AND a.at < $2
             GROUP BY 1, 2 HAVING count(DISTINCT a.person_id) >= $3),
          history AS (
            SELECT a.actor_id, date_trunc('hour', a.at AT TIME ZONE 'UTC') AS h, count(DISTINCT a.person_id)::int AS n
              FROM audit_log a WHERE ${LOOKUP} AND a.actor_id IN (SELECT actor_id FROM recent)
               AND a.at >= $1::timestamptz - make_interval(days => $5::int) AND a.at < $2
             GROUP BY 1, 2),
          scored AS (
            SELECT r.*, coalesce((SELECT avg(b.n) FROM history b WHERE b.actor_id = r.actor_id AND b.h < r.h
                                    AND b.h >= r.h - make_interval(days => $5::int)), 0) AS baseline
              FROM recent r)
          SELECT s.actor_id AS user_id, s.h AT TIME ZONE 'UTC' AS window_start, (s.h + interval '1 hour') AT TIME ZONE 'UTC' AS window_end,
                 s.n AS observed, round(s.baseline, 2) AS baseline, s.seqs
            FROM scored s WHERE s.n >= $4::numeric * s.baseline`,
  }),
  // Distinct persons in one day looked up by a user without a relation to them (vink_user_related_to_person).
  outside_reach: () => ({
    extra: [],
    sql: `SELECT w.user_id, ${DAY_WINDOW}, w.n AS observed, NULL::numeric AS baseline, w.seqs FROM (
            SELECT a.actor_id AS user_id, ${LOCAL}::date AS d, count(DISTINCT a.person_id)::int AS n,
                   (array_agg(a.seq ORDER BY a.seq))[1:${MAX_ROWS}] AS seqs
              FROM audit_log a WHERE ${LOOKUP} AND a.at >= ${dayStart('$1::timestamptz')} AND a.at < $2
               AND NOT vink_user_related_to_person(a.person_id, a.actor_id)
             GROUP BY 1, 2 HAVING count(DISTINCT a.person_id) >= $3) w`,
  }),
  // Look-ups in one day of a person the DPO watches (flagged before the look-up), by a user without a relation to them.
  watched_person: () => ({
    extra: [],
    sql: `SELECT w.user_id, ${DAY_WINDOW}, w.n AS observed, NULL::numeric AS baseline, w.seqs FROM (
            SELECT a.actor_id AS user_id, ${LOCAL}::date AS d, count(*)::int AS n, (array_agg(a.seq ORDER BY a.seq))[1:${MAX_ROWS}] AS seqs
              FROM audit_log a JOIN person_watch_flags f ON f.person_id = a.person_id AND f.flagged_at <= a.at AND (f.lifted_at IS NULL OR f.lifted_at > a.at)
             WHERE ${LOOKUP} AND a.at >= ${dayStart('$1::timestamptz')} AND a.at < $2
               AND NOT vink_user_related_to_person(a.person_id, a.actor_id)
             GROUP BY 1, 2 HAVING count(*) >= $3) w`,
  }),
  // Reads, searches, reveals and exports in one day outside working hours (local time; weekends entirely).
  off_hours: (r) => ({
    extra: [r.work_start_hour, r.work_end_hour],
    sql: `SELECT w.user_id, ${DAY_WINDOW}, w.n AS observed, NULL::numeric AS baseline, w.seqs FROM (
            SELECT a.actor_id AS user_id, ${LOCAL}::date AS d, count(*)::int AS n, (array_agg(a.seq ORDER BY a.seq))[1:${MAX_ROWS}] AS seqs
              FROM audit_log a WHERE ${ACTIVITY} AND a.at >= ${dayStart('$1::timestamptz')} AND a.at < $2
               AND (extract(isodow FROM ${LOCAL}) IN (6, 7) OR extract(hour FROM ${LOCAL}) < $4::int OR extract(hour FROM ${LOCAL}) >= $5::int)
             GROUP BY 1, 2 HAVING count(*) >= $3) w`,
  }),
};

/** The rules engine's lock: one instance scans at a time; the others skip (alert_key makes a rerun harmless anyway). */
export const SNOOPING_LOCK = 7_357_230;

/** The scheduler's side: the rules over the log, writing alerts. Counts only leave it. */
export const snoopingJobRepo = systemRepository((tx, s) => ({
  async tryLock(): Promise<boolean> {
    const r = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [SNOOPING_LOCK]);
    return r.rows[0]?.locked === true;
  },

  async rules(): Promise<RuleSetting[]> {
    return (await tx.query<RuleSetting>(
      'SELECT rule, enabled, threshold, baseline_factor, baseline_days, work_start_hour, work_end_hour FROM snooping_rules ORDER BY rule',
    )).rows;
  },

  /**
   * Applies one rule over [from, to): inserts an alert per firing (rule, user, window), or refreshes an open alert of
   * the same key when more rows have come since (its version moves on). Returns how many alerts were new.
   */
  async apply(rule: RuleSetting, from: Date, to: Date): Promise<{ created: number; refreshed: number }> {
    const c = CANDIDATES[rule.rule](rule);
    const r = await tx.query<{ inserted: boolean }>(
      `INSERT INTO snooping_alerts AS x (alert_key, unit_id, rule, user_id, window_start, window_end, observed, baseline, audit_seqs, created_at, updated_at)
       SELECT '${rule.rule}:' || c.user_id || ':' || to_char(c.window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"'),
              u.unit_id, '${rule.rule}', c.user_id, c.window_start, c.window_end, c.observed, c.baseline, c.seqs, $${3 + c.extra.length + 1}, $${3 + c.extra.length + 1}
         FROM (${c.sql}) c JOIN users u ON u.id = c.user_id
        ORDER BY 1
       ON CONFLICT (alert_key) DO UPDATE SET observed = EXCLUDED.observed, baseline = EXCLUDED.baseline, audit_seqs = EXCLUDED.audit_seqs,
              updated_at = EXCLUDED.updated_at, version = x.version + 1
        WHERE x.status = 'open' AND EXCLUDED.observed > x.observed
       RETURNING (x.xmax = 0) AS inserted`,
      [from, to, rule.threshold, ...c.extra, s.now],
    );
    const created = r.rows.filter((x) => x.inserted).length;
    if (created > 0) s.audit({ action: 'create', outcome: 'ok', recordType: 'snooping_alert', criterion: `rule=${rule.rule} created=${created}` });
    return { created, refreshed: r.rows.length - created };
  },
}));

interface AlertRow {
  id: string; rule: SnoopingRule; user_id: string; user_name: string; user_role: string; window_start: Date; window_end: Date;
  observed: number; baseline: string | null; audit_seqs: string[]; status: 'open' | 'resolved'; resolution_note: string | null;
  resolved_by_name: string | null; resolved_at: Date | null; version: number;
}
const ALERT_SELECT = `SELECT x.id, x.rule, x.user_id, u.display_name AS user_name, u.role AS user_role, x.window_start, x.window_end, x.observed,
    x.baseline, x.audit_seqs::text[] AS audit_seqs, x.status, x.resolution_note, r.display_name AS resolved_by_name, x.resolved_at, x.version
  FROM snooping_alerts x JOIN users u ON u.id = x.user_id LEFT JOIN users r ON r.id = x.resolved_by`;

function presentAlert(a: AlertRow) {
  return {
    id: a.id, rule: a.rule, userId: a.user_id, userName: a.user_name, userRole: a.user_role, windowStart: a.window_start.toISOString(),
    windowEnd: a.window_end.toISOString(), observed: a.observed, baseline: a.baseline === null ? null : Number(a.baseline), rowCount: a.audit_seqs.length,
    status: a.status, resolutionNote: a.resolution_note, resolvedByName: a.resolved_by_name, resolvedAt: a.resolved_at?.toISOString() ?? null,
    version: a.version,
  };
}

interface AuditRowDb {
  seq: string; at: Date; actor_id: string | null; actor_name: string | null; actor_role: string | null; action: string; outcome: string;
  record_type: string | null; record_id: string | null; person_id: string | null; purpose: string | null; criterion: string | null;
  reason: string | null; person_name: string | null;
}

interface FlagRow {
  id: string; person_id: string; kind: 'staff' | 'flagged'; reason: string; flagged_by_name: string; flagged_at: Date; lifted_at: Date | null; version: number;
}
const FLAG_SELECT = `SELECT f.id, f.person_id, f.kind, f.reason, u.display_name AS flagged_by_name, f.flagged_at, f.lifted_at, f.version
  FROM person_watch_flags f JOIN users u ON u.id = f.flagged_by`;
function presentFlag(f: FlagRow) {
  return {
    id: f.id, personId: f.person_id, kind: f.kind, reason: f.reason, flaggedByName: f.flagged_by_name, flaggedAt: f.flagged_at.toISOString(),
    liftedAt: f.lifted_at?.toISOString() ?? null, version: f.version,
  };
}

/**
 * The DPO's side. Alerts and flags are the unit's (policy snooping.*, reach 'unit'; row-level security of migration
 * 0230 says the same). Every look is audited; an alert outside the unit answers 404.
 */
export const snoopingRepo = repository((tx, s) => {
  async function loadAlert(id: string, forUpdate: boolean): Promise<AlertRow> {
    const r = await tx.query<AlertRow>(`${ALERT_SELECT} WHERE x.id = $1 AND x.unit_id = ANY($2::uuid[])${forUpdate ? ' FOR UPDATE OF x' : ''}`, [id, s.actor.unitIds]);
    return r.rows[0] ?? s.refuse({ action: forUpdate ? 'update' : 'read', recordType: 'snooping_alert', recordId: id });
  }
  return {
    async rules() {
      const r = await tx.query<RuleSetting>(
        'SELECT rule, enabled, threshold, baseline_factor, baseline_days, work_start_hour, work_end_hour FROM snooping_rules ORDER BY rule',
      );
      return r.rows.map((x) => ({
        rule: x.rule, enabled: x.enabled, threshold: x.threshold, baselineFactor: x.baseline_factor === null ? null : Number(x.baseline_factor),
        baselineDays: x.baseline_days, workStartHour: x.work_start_hour, workEndHour: x.work_end_hour,
      }));
    },

    /** The unit's alerts, open first, newest window first. Audited as one search. */
    async list(status: 'open' | 'resolved' | undefined) {
      s.requireRole('snooping.read', { action: 'search', recordType: 'snooping_alert' });
      const params: unknown[] = [s.actor.unitIds];
      const where = status ? ` AND x.status = $${params.push(status)}` : '';
      const r = await tx.query<AlertRow>(`${ALERT_SELECT} WHERE x.unit_id = ANY($1::uuid[])${where}
        ORDER BY (x.status = 'open') DESC, x.window_start DESC, x.id LIMIT 500`, params);
      s.audit({ action: 'search', recordType: 'snooping_alert', criterion: status ? `status=${status}` : 'all' });
      return r.rows.map(presentAlert);
    },

    /** One alert with the audit rows behind it (the drill-down). Audited as a read of the alert. */
    async get(id: string) {
      s.requireRole('snooping.read', { action: 'read', recordType: 'snooping_alert', recordId: id });
      const a = await loadAlert(id, false);
      const rows = await tx.query<AuditRowDb>(
        `SELECT a.seq::text AS seq, a.at, a.actor_id, u.display_name AS actor_name, a.actor_role, a.action, a.outcome, a.record_type, a.record_id,
                a.person_id, a.purpose, a.criterion, a.reason, n.full_name AS person_name
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           LEFT JOIN LATERAL (SELECT full_name FROM vink_audit_person_names(ARRAY[a.person_id])) n ON true
          WHERE a.seq = ANY($1::bigint[]) ORDER BY a.seq`,
        [a.audit_seqs],
      );
      s.audit({ action: 'read', recordType: 'snooping_alert', recordId: id });
      return {
        ...presentAlert(a),
        rows: rows.rows.map((x) => ({
          seq: Number(x.seq), at: x.at.toISOString(), actorId: x.actor_id, actorName: x.actor_name, actorRole: x.actor_role, action: x.action,
          outcome: x.outcome, recordType: x.record_type, recordId: x.record_id, personId: x.person_id, purpose: x.purpose, criterion: x.criterion,
          reason: x.reason, personName: x.person_name,
        })),
      };
    },

    /** Marks an open alert resolved with the DPO's note (versioned: a stale version or a resolved alert is 409). */
    async resolve(id: string, version: number, note: string) {
      s.requireRole('snooping.resolve', { action: 'update', recordType: 'snooping_alert', recordId: id });
      const a = await loadAlert(id, true);
      if (a.status !== 'open') throw errors.conflict("The alert is already resolved. Allowed next: none.", { allowed: [] });
      if (a.version !== version) throw errors.staleVersion(a.version);
      await tx.query(
        `UPDATE snooping_alerts SET status = 'resolved', resolution_note = $2, resolved_by = $3, resolved_at = $4, updated_at = $4, version = version + 1
          WHERE id = $1`,
        [id, note, s.actor.id, s.now],
      );
      s.audit({ action: 'update', recordType: 'snooping_alert', recordId: id, criterion: 'resolved' });
      return presentAlert((await tx.query<AlertRow>(`${ALERT_SELECT} WHERE x.id = $1`, [id])).rows[0]!);
    },

    /** The unit's watch flags, active first. Audited as a search. */
    async flags() {
      s.requireRole('snooping.watch', { action: 'search', recordType: 'person_watch_flag' });
      const r = await tx.query<FlagRow>(`${FLAG_SELECT} WHERE f.unit_id = ANY($1::uuid[]) ORDER BY (f.lifted_at IS NULL) DESC, f.flagged_at DESC LIMIT 1000`,
        [s.actor.unitIds]);
      s.audit({ action: 'search', recordType: 'person_watch_flag' });
      return r.rows.map(presentFlag);
    },

    /**
     * Flags a person of the DPO's unit as watched. The DPO does not read person records: the database answers whether
     * the person is the unit's (vink_audit_unit_person_ids, migration 0120), and another unit's person is 404.
     */
    async flag(input: WatchFlagInput) {
      s.requireRole('snooping.watch', { action: 'create', recordType: 'person_watch_flag', personId: input.personId });
      const unit = await tx.query<{ ok: boolean }>('SELECT $1::uuid IN (SELECT vink_audit_unit_person_ids()) AS ok', [input.personId]);
      if (!unit.rows[0]?.ok) s.refuse({ action: 'create', recordType: 'person_watch_flag', personId: input.personId });
      const active = await tx.query('SELECT 1 FROM person_watch_flags WHERE person_id = $1 AND lifted_at IS NULL', [input.personId]);
      if (active.rows.length) throw errors.conflict('The person is already watched: lift the flag first to change it.');
      const r = await tx.query<{ id: string }>(
        `INSERT INTO person_watch_flags (unit_id, person_id, kind, reason, flagged_by, flagged_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [s.actor.unitId, input.personId, input.kind, input.reason, s.actor.id, s.now],
      );
      const id = r.rows[0]!.id;
      s.audit({ action: 'create', recordType: 'person_watch_flag', recordId: id, personId: input.personId });
      return presentFlag((await tx.query<FlagRow>(`${FLAG_SELECT} WHERE f.id = $1`, [id])).rows[0]!);
    },

    /** Lifts an active flag (versioned). */
    async lift(id: string, version: number) {
      s.requireRole('snooping.watch', { action: 'update', recordType: 'person_watch_flag', recordId: id });
      const r = await tx.query<FlagRow & { unit_id: string }>(`${FLAG_SELECT} WHERE f.id = $1 AND f.unit_id = ANY($2::uuid[]) FOR UPDATE OF f`, [id, s.actor.unitIds]);
      const f = r.rows[0] ?? s.refuse({ action: 'update', recordType: 'person_watch_flag', recordId: id });
      if (f.lifted_at) throw errors.conflict('The flag is already lifted. Allowed next: none.', { allowed: [] });
      if (f.version !== version) throw errors.staleVersion(f.version);
      await tx.query('UPDATE person_watch_flags SET lifted_at = $2, lifted_by = $3, version = version + 1 WHERE id = $1', [id, s.now, s.actor.id]);
      s.audit({ action: 'update', recordType: 'person_watch_flag', recordId: id, personId: f.person_id, criterion: 'lifted' });
      return presentFlag((await tx.query<FlagRow>(`${FLAG_SELECT} WHERE f.id = $1`, [id])).rows[0]!);
    },
  };
});
