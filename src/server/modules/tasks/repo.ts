import { repository, sharedRepository, systemRepository } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { endOfDate, reassessmentDueOn, reofferDeadlines, taskUrgency } from '../../../shared/rules.ts';
import type { TaskKind } from '../../../shared/support.ts';

/**
 * The tasks module's repository: the only place where SQL on tasks lives, and with it the task rules, whose
 * conditions are SQL over the records they derive from (docs/architecture.md, "Where SQL lives").
 */

/**
 * The task rules: each derives tasks from the records (never from events), so a rerun after downtime catches up and
 * a rerun on another instance adds nothing (tasks.rule_key is unique). A rule names the record its tasks are about
 * (the subject, whose id is the second part of the rule key), the SQL condition under which the task is open, and
 * how its due time follows from the record.
 */
interface Rule {
  kind: TaskKind;
  /** The table of the subject record: refreshing one concern's tasks runs the rules whose subject is a concern. */
  subject: 'concern' | 'offer' | 'case' | 'follow_up' | 'access_request' | 'consent';
  /** Rule-key prefix; the key is `${prefix}:${subjectId}`. */
  prefix: string;
  /** SQL condition over a subject id expression: the obligation still stands. */
  holds(subject: string): string;
  /** Rows (subject_id, unit_id, assignee_id, concern_id, case_id, base) for every subject the rule applies to. */
  candidates: string;
  due(base: Date | string): Date;
}

const OPEN_CONCERN = `('received', 'police_check', 'infohus')`;
/** The assignee if still an active user, else NULL: the unit queue, so a task never disappears with a leaver. */
const active = (user: string) => `(SELECT u.id FROM users u WHERE u.id = ${user} AND u.disabled_at IS NULL)`;

const declinedFirstOffer = (o: string) =>
  `${o}.reoffer_of IS NULL AND ${o}.response IN ('declined', 'no_answer')
   AND EXISTS (SELECT 1 FROM cases oc WHERE oc.id = ${o}.case_id AND oc.status <> 'closed')`;

/**
 * SQL: the concern (alias co, person alias p) is about a minor at receipt, or about a person without a birth date
 * whom the intake answered to be a minor or of unknown age (src/shared/intake.ts concernMinor; barnets lov § 133).
 */
const MINOR_CONCERN = `(CASE WHEN p.birth_date IS NOT NULL THEN p.birth_date + interval '18 years' > (co.received_at AT TIME ZONE 'Europe/Copenhagen')::date
                            ELSE co.minor_stated IN ('yes', 'unknown') END)`;

const RULES: Rule[] = [
  {
    // Concerns not yet qualified: the triage clock (24/48/72 h by severity) runs for the concern's coordinator, or
    // for the unit's queue when no coordinator is assigned yet.
    kind: 'triage_deadline',
    subject: 'concern',
    prefix: 'triage',
    holds: (id) => `EXISTS (SELECT 1 FROM concerns x WHERE x.id = ${id} AND x.status IN ${OPEN_CONCERN} AND x.triaged_at IS NULL)`,
    candidates: `SELECT co.id AS subject_id, co.unit_id, ${active('co.coordinator_id')} AS assignee_id, co.id AS concern_id, NULL::uuid AS case_id,
                        co.triage_deadline_at AS base
                 FROM concerns co WHERE co.status IN ${OPEN_CONCERN} AND co.triaged_at IS NULL`,
    due: (base) => base as Date,
  },
  {
    // A minor's concern (or one whose person's age is unknown) in triage needs the decision on the report to the
    // children and youth authority (barnets lov § 133) within 24 hours of registration; met once it is recorded.
    kind: 'child_report',
    subject: 'concern',
    prefix: 'child_report',
    holds: (id) => `NOT EXISTS (SELECT 1 FROM concern_child_reports r WHERE r.concern_id = ${id})`,
    candidates: `SELECT co.id AS subject_id, co.unit_id, ${active('co.coordinator_id')} AS assignee_id, co.id AS concern_id, NULL::uuid AS case_id,
                        co.created_at + interval '24 hours' AS base
                 FROM concerns co JOIN persons p ON p.id = co.person_id
                 WHERE co.status IN ${OPEN_CONCERN} AND ${MINOR_CONCERN}
                   AND NOT EXISTS (SELECT 1 FROM concern_child_reports r WHERE r.concern_id = co.id)`,
    due: (base) => base as Date,
  },
  {
    // A declined (or unanswered) first offer is re-offered within 3 months: met by any re-offer.
    kind: 'reoffer_3m',
    subject: 'offer',
    prefix: 'reoffer_3m',
    holds: (id) => `EXISTS (SELECT 1 FROM offers o WHERE o.id = ${id} AND ${declinedFirstOffer('o')}
                            AND NOT EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id))`,
    candidates: `SELECT o.id AS subject_id, o.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, o.case_id, o.responded_at AS base
                 FROM offers o JOIN cases c ON c.id = o.case_id
                 WHERE ${declinedFirstOffer('o')} AND NOT EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id)`,
    due: (base) => reofferDeadlines(base as Date).threeMonths,
  },
  {
    // ... and again within 6 months: met by a second re-offer, or once a re-offer is accepted.
    kind: 'reoffer_6m',
    subject: 'offer',
    prefix: 'reoffer_6m',
    holds: (id) => `EXISTS (SELECT 1 FROM offers o WHERE o.id = ${id} AND ${declinedFirstOffer('o')}
                            AND (SELECT count(*) FROM offers r WHERE r.reoffer_of = o.id) < 2
                            AND NOT EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id AND r.response = 'accepted'))`,
    candidates: `SELECT o.id AS subject_id, o.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, o.case_id, o.responded_at AS base
                 FROM offers o JOIN cases c ON c.id = o.case_id
                 WHERE ${declinedFirstOffer('o')} AND (SELECT count(*) FROM offers r WHERE r.reoffer_of = o.id) < 2
                   AND NOT EXISTS (SELECT 1 FROM offers r WHERE r.reoffer_of = o.id AND r.response = 'accepted')`,
    due: (base) => reofferDeadlines(base as Date).sixMonths,
  },
  {
    // The assessment tool is taken at start and again after 6 months; progression is the change between them.
    kind: 'reassessment',
    subject: 'case',
    prefix: 'reassessment',
    holds: (id) => `EXISTS (SELECT 1 FROM cases c WHERE c.id = ${id} AND c.status <> 'closed'
                            AND EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.kind = 'start')
                            AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.kind = 'six_months'))`,
    candidates: `SELECT c.id AS subject_id, c.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, c.id AS case_id,
                        (SELECT min(a.assessed_on) FROM assessments a WHERE a.case_id = c.id AND a.kind = 'start') AS base
                 FROM cases c WHERE c.status <> 'closed'
                   AND EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.kind = 'start')
                   AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.case_id = c.id AND a.kind = 'six_months')`,
    due: (base) => endOfDate(reassessmentDueOn(base as string)),
  },
  ...([false, true] as const).map((extended): Rule => ({
    // An access request (GDPR Art. 15) is answered within a month of receipt, or by the extended deadline: a task for
    // the DPO who registered it (migration 0220), met once the export is handed over or the request is closed. The
    // extension is a second task (its own rule key), which also ends the first.
    kind: 'access_request',
    subject: 'access_request',
    prefix: extended ? 'access_request_ext' : 'access_request',
    // Both rules share the kind, and the completion pass runs each rule's condition over every open task of its kind,
    // so the condition tells the two tasks apart by the rule key (alias t of that pass): the first deadline's task
    // holds until an extension, the extension's task until the request is answered.
    holds: (id) => `EXISTS (SELECT 1 FROM access_requests r WHERE r.id = ${id} AND r.status IN ('registered', 'compiling')
                            AND (r.extended_to IS NULL OR t.rule_key LIKE 'access_request_ext:%'))`,
    candidates: `SELECT r.id AS subject_id, r.unit_id, ${active('r.registered_by')} AS assignee_id, NULL::uuid AS concern_id, NULL::uuid AS case_id,
                        ${extended ? 'r.extended_to' : 'r.deadline_on'} AS base
                 FROM access_requests r WHERE r.status IN ('registered', 'compiling') AND r.extended_to IS ${extended ? 'NOT ' : ''}NULL`,
    due: (base) => endOfDate(base as string),
  })),
  {
    // A withdrawn consent on which disclosures were made: the case owner reviews those disclosures (docs/domain.md,
    // "Consent"), within 7 days of the withdrawal being recorded; met once the review is recorded on the consent.
    kind: 'consent_withdrawn',
    subject: 'consent',
    prefix: 'consent_withdrawn',
    holds: (id) => `EXISTS (SELECT 1 FROM consents x WHERE x.id = ${id} AND x.withdrawn_at IS NOT NULL AND x.disclosures_reviewed_at IS NULL)`,
    candidates: `SELECT x.id AS subject_id, x.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, x.case_id,
                        x.withdrawn_at AS base
                 FROM consents x JOIN cases c ON c.id = x.case_id
                 WHERE x.withdrawn_at IS NOT NULL AND x.disclosures_reviewed_at IS NULL
                   AND EXISTS (SELECT 1 FROM disclosures d WHERE d.consent_id = x.id)`,
    due: (base) => new Date((base as Date).getTime() + 7 * 24 * 3_600_000),
  },
  ...(['six_months_after_course', 'twelve_months_after_offer'] as const).map((fk): Rule => ({
    // Follow-ups (6 months after a course, 12 months after an offer) are answered on or after their due date.
    kind: fk === 'six_months_after_course' ? 'follow_up_6m' : 'follow_up_12m',
    subject: 'follow_up',
    prefix: 'follow_up',
    holds: (id) => `EXISTS (SELECT 1 FROM follow_ups f JOIN cases c ON c.id = f.case_id
                            WHERE f.id = ${id} AND f.answered_at IS NULL AND c.status <> 'closed')`,
    candidates: `SELECT f.id AS subject_id, f.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, f.case_id, f.due_on AS base
                 FROM follow_ups f JOIN cases c ON c.id = f.case_id
                 WHERE f.kind = '${fk}' AND f.answered_at IS NULL AND c.status <> 'closed'`,
    due: (base) => endOfDate(base as string),
  })),
];

interface Candidate {
  subject_id: string;
  unit_id: string;
  assignee_id: string | null;
  concern_id: string | null;
  case_id: string | null;
  base: Date | string;
}

/** What one application of the rules changed. */
export interface RuleRunResult {
  created: number;
  completed: number;
  reassigned: number;
}

/** Restricts a run to the tasks of one concern, or of one consent (and so to the rules whose subject that is). */
type OneConcern = { concernId: string } | { consentId: string };

/**
 * Applies the rules at time now in the caller's transaction, to every record or only to one concern's tasks:
 * creates the missing tasks (INSERT ... ON CONFLICT (rule_key) DO NOTHING, so concurrent runs create each once),
 * marks done the open tasks whose obligation no longer holds, and moves open tasks to the current coordinator or
 * case owner (unit queue when none is active). The one code path behind the scheduler tick and the refresh a
 * request does for the concern it just wrote.
 */
async function applyRulesInTrx(tx: Queryable, now: Date, only: OneConcern | null): Promise<RuleRunResult> {
  const subject = only === null ? null : 'concernId' in only ? 'concern' : 'consent';
  const onlyId = only === null ? null : 'concernId' in only ? only.concernId : only.consentId;
  const rules = subject ? RULES.filter((r) => r.subject === subject) : RULES;
  const scope = (params: unknown[], column: string) => (onlyId ? ` AND ${column} = $${params.push(onlyId)}::uuid` : '');
  // A consent's task names the consent in its rule key only.
  const taskColumn = subject === 'consent' ? `split_part(t.rule_key, ':', 2)::uuid` : 't.concern_id';
  const keys: string[] = [], kinds: string[] = [], units: string[] = [], assignees: (string | null)[] = [];
  const concerns: (string | null)[] = [], cases: (string | null)[] = [], dues: Date[] = [];
  for (const rule of rules) {
    const params: unknown[] = [];
    const r = await tx.query<Candidate>(
      `SELECT x.* FROM (${rule.candidates}) x
       WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rule_key = '${rule.prefix}:' || x.subject_id::text)${scope(params, 'x.subject_id')}
       ORDER BY x.subject_id`,
      params,
    );
    for (const c of r.rows) {
      if (c.base === null) continue;
      keys.push(`${rule.prefix}:${c.subject_id}`);
      kinds.push(rule.kind);
      units.push(c.unit_id);
      assignees.push(c.assignee_id);
      concerns.push(c.concern_id);
      cases.push(c.case_id);
      dues.push(rule.due(c.base));
    }
  }
  let created = 0;
  if (keys.length) {
    const ins = await tx.query(
      `INSERT INTO tasks (rule_key, kind, unit_id, assignee_id, concern_id, case_id, due_at, created_at)
       SELECT k, kd, u, a, co, ca, d, $8 FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[])
         AS n(k, kd, u, a, co, ca, d)
       ORDER BY k
       ON CONFLICT (rule_key) DO NOTHING RETURNING id`,
      [keys, kinds, units, assignees, concerns, cases, dues, now],
    );
    created = ins.rows.length;
  }
  let completed = 0;
  for (const rule of rules) {
    const subjectId = `split_part(t.rule_key, ':', 2)::uuid`;
    const params: unknown[] = [now, rule.kind];
    const done = await tx.query(
      `UPDATE tasks t SET done_at = $1 WHERE t.done_at IS NULL AND t.kind = $2 AND NOT ${rule.holds(subjectId)}${scope(params, taskColumn)} RETURNING t.id`,
      params,
    );
    completed += done.rows.length;
  }
  const triageParams: unknown[] = [];
  const triage = await tx.query(
    `UPDATE tasks t SET assignee_id = ${active('co.coordinator_id')} FROM concerns co
     WHERE t.done_at IS NULL AND t.kind IN ('triage_deadline', 'child_report') AND co.id = t.concern_id
       AND t.assignee_id IS DISTINCT FROM ${active('co.coordinator_id')}${scope(triageParams, 't.concern_id')} RETURNING t.id`,
    triageParams,
  );
  let reassigned = triage.rows.length;
  if (!only) {
    const owned = await tx.query(
      `UPDATE tasks t SET assignee_id = ${active('c.owner_id')} FROM cases c
       WHERE t.done_at IS NULL AND t.kind NOT IN ('triage_deadline', 'child_report') AND c.id = t.case_id
         AND t.assignee_id IS DISTINCT FROM ${active('c.owner_id')} RETURNING t.id`,
    );
    reassigned += owned.rows.length;
  }
  return { created, completed, reassigned };
}

/**
 * The rules engine's writes. Shared by the scheduler (system path) and the request that just wrote a concern
 * (scoped path, where row-level security lets the actor write tasks of their own unit only). Derived bookkeeping:
 * it reads no reach and returns counts only, never personal data.
 */
export const taskRulesRepo = sharedRepository((tx) => ({
  /** Applies every rule at time now, or only the rules of one concern's tasks. */
  apply(now: Date, only: OneConcern | null): Promise<RuleRunResult> {
    return applyRulesInTrx(tx, now, only);
  },
}));

/**
 * One advisory lock for the rules engine: with several server instances, the instance that gets it runs the tick
 * and the others skip it. Transaction-scoped, so a crashed run releases it with its rollback.
 */
export const TASK_RULES_LOCK = 7_357_030;

/** The scheduler's lock, on the system path. */
export const taskLockRepo = systemRepository((tx) => ({
  /** True if this transaction now holds the rules engine's lock; false while another run holds it. */
  async tryLock(): Promise<boolean> {
    const lock = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [TASK_RULES_LOCK]);
    return lock.rows[0]?.locked === true;
  },
}));

interface TaskRow {
  id: string;
  kind: TaskKind;
  due_at: Date;
  concern_id: string | null;
  case_id: string | null;
  assignee_id: string | null;
}

/** A signed-in user's task list. */
export const taskRepo = repository((tx, s) => ({
  /**
   * A concern forwarded from a shared hotline by another unit (docs/domain.md, "The shared hotline"): a task in the
   * receiving unit's coordinator queue (unassigned, due within two days), created at once rather than by the rules job.
   */
  async hotlineForward(concernId: string) {
    await tx.query(
      `INSERT INTO tasks (rule_key, kind, unit_id, assignee_id, concern_id, case_id, due_at, created_at)
       VALUES ($1, 'hotline_forward', $2, NULL, $3, NULL, $4, $5) ON CONFLICT (rule_key) DO NOTHING`,
      [`hotline_forward:${concernId}`, s.actor.unitId, concernId, new Date(s.now.getTime() + 2 * 86_400_000), s.now],
    );
    s.audit({ action: 'create', recordType: 'task', criterion: `hotline_forward for concern ${concernId}` });
  },
  /**
   * The actor's open tasks, plus the unit queue (unassigned tasks) for coordinators, who own triage in their unit:
   * overdue first, then by due time. Ids only, no names; audited as one search.
   */
  async mine() {
    s.requireRole('tasks.read', { action: 'search', recordType: 'task', criterion: 'mine' });
    const queue = s.actor.role === 'coordinator';
    const r = await tx.query<TaskRow>(
      `SELECT t.id, t.kind, t.due_at, t.concern_id, t.case_id, t.assignee_id FROM tasks t
       WHERE t.done_at IS NULL AND (t.assignee_id = $1 OR ($2 AND t.assignee_id IS NULL AND t.unit_id = ANY($3::uuid[])))
       ORDER BY (t.due_at < $4) DESC, t.due_at, t.id LIMIT 500`,
      [s.actor.id, queue, s.actor.unitIds, s.now],
    );
    s.audit({ action: 'search', recordType: 'task', criterion: 'mine' });
    return r.rows.map((t) => ({
      id: t.id, kind: t.kind, dueAt: t.due_at.toISOString(), ...taskUrgency(t.due_at, s.now), concernId: t.concern_id, caseId: t.case_id,
      unassigned: t.assignee_id === null,
    }));
  },
}));
