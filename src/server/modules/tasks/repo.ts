import { repository, Scope, sharedRepository, systemRepository } from '../../access/scope.ts';
import type { Queryable } from '../../platform/db.ts';
import { ageBand, danishDateOf, endOfDate, reassessmentDueOn, reofferDeadlines, taskUrgency } from '../../../shared/rules.ts';
import type { Task, TaskKind, TaskQuery } from '../../../shared/support.ts';
import { errors } from '../../platform/errors.ts';

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
  subject: 'concern' | 'offer' | 'case' | 'follow_up' | 'course' | 'access_request' | 'consent' | 'support_plan_review' | 'case_transition';
  /** Rule-key prefix; the key is `${prefix}:${subjectId}`, or `${prefix}:${subjectId}:${assigneeId}` when perAssignee. */
  prefix: string;
  /**
   * One task per subject and assignee (a concern shared with two partners gives each their own task). Such tasks
   * keep their assignee: the reassignment to the coordinator or case owner passes them by.
   */
  perAssignee?: true;
  /** SQL condition over a subject id expression: the obligation still stands. */
  holds(subject: string): string;
  /** Rows (subject_id, unit_id, assignee_id, concern_id, case_id, base) for every subject the rule applies to. */
  candidates: string;
  due(base: Date | string): Date;
  /** The candidates' SQL reads the run's time as `$1::timestamptz` (only rules that say so get the parameter). */
  usesNow?: true;
}

/** Days before the 18th birthday of a case's person that the owner's task falls due (docs/domain.md, "Transitions"). */
export const TURNS_18_NOTICE_DAYS = 60;

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
    // A concern shared with a police liaison waits for their police check (D2): the liaison's task, due at the
    // concern's triage deadline, met once the check is recorded (the concern leaves 'police_check').
    kind: 'police_check',
    subject: 'concern',
    prefix: 'police_check',
    perAssignee: true,
    holds: (id) => `EXISTS (SELECT 1 FROM concerns x WHERE x.id = ${id} AND x.status = 'police_check')`,
    candidates: `SELECT co.id AS subject_id, co.unit_id, ${active('sh.user_id')} AS assignee_id, co.id AS concern_id, NULL::uuid AS case_id,
                        co.triage_deadline_at AS base
                 FROM concerns co JOIN concern_shares sh ON sh.concern_id = co.id JOIN users su ON su.id = sh.user_id AND su.role = 'police_liaison'
                 WHERE co.status = 'police_check' AND su.disabled_at IS NULL`,
    due: (base) => base as Date,
  },
  {
    // A partner invited to the Infohus (the concern shared with them) prepares for the meeting: met once the
    // Infohus has decided or triage has otherwise ended.
    kind: 'infohus_invite',
    subject: 'concern',
    prefix: 'infohus_invite',
    perAssignee: true,
    holds: (id) => `EXISTS (SELECT 1 FROM concerns x WHERE x.id = ${id} AND x.status IN ${OPEN_CONCERN} AND x.triaged_at IS NULL)`,
    candidates: `SELECT co.id AS subject_id, co.unit_id, ${active('sh.user_id')} AS assignee_id, co.id AS concern_id, NULL::uuid AS case_id,
                        co.triage_deadline_at AS base
                 FROM concerns co JOIN concern_shares sh ON sh.concern_id = co.id JOIN users su ON su.id = sh.user_id AND su.role = 'partner'
                 WHERE co.status IN ${OPEN_CONCERN} AND co.triaged_at IS NULL AND su.disabled_at IS NULL`,
    due: (base) => base as Date,
  },
  {
    // A course assigned to a mentor: the first session within 14 days of its start, met by the first logged session
    // or when the course ends.
    kind: 'course_start',
    subject: 'course',
    prefix: 'course_start',
    perAssignee: true,
    holds: (id) => `EXISTS (SELECT 1 FROM courses x WHERE x.id = ${id} AND x.status IN ('planned', 'active')
                            AND NOT EXISTS (SELECT 1 FROM course_sessions cs WHERE cs.course_id = x.id))`,
    candidates: `SELECT cr.id AS subject_id, cr.unit_id, ${active('cr.mentor_id')} AS assignee_id, NULL::uuid AS concern_id, cr.case_id,
                        cr.started_on AS base
                 FROM courses cr WHERE cr.status IN ('planned', 'active')
                   AND NOT EXISTS (SELECT 1 FROM course_sessions cs WHERE cs.course_id = cr.id)`,
    due: (base) => new Date(endOfDate(base as string).getTime() + 14 * 86_400_000),
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
  {
    // A planned support-plan review (docs/domain.md, "The support plan") is due on its date for the case owner, and
    // done once a review is recorded against it (or the case closes).
    kind: 'support_plan_review',
    subject: 'support_plan_review',
    prefix: 'support_plan_review',
    holds: (id) => `EXISTS (SELECT 1 FROM support_plan_review_dates d JOIN cases c ON c.id = d.case_id
                            WHERE d.id = ${id} AND d.review_id IS NULL AND c.status <> 'closed')`,
    candidates: `SELECT d.id AS subject_id, d.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, d.case_id, d.due_on AS base
                 FROM support_plan_review_dates d JOIN cases c ON c.id = d.case_id
                 WHERE d.review_id IS NULL AND c.status <> 'closed'`,
    due: (base) => endOfDate(base as string),
  },
  // --- transitions (docs/domain.md, "Transitions") ---
  {
    // A recorded custody or prison release: the case owner prepares it, due notice_days before the date; done once
    // the transition is marked prepared or cancelled, or the case closes. A missed one stays open (overdue).
    kind: 'release_transition',
    subject: 'case_transition',
    prefix: 'release_transition',
    holds: (id) => `EXISTS (SELECT 1 FROM case_transitions x JOIN cases c ON c.id = x.case_id
                            WHERE x.id = ${id} AND x.status = 'planned' AND c.status <> 'closed')`,
    candidates: `SELECT x.id AS subject_id, x.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, x.case_id,
                        to_char(x.due_on - x.notice_days, 'YYYY-MM-DD') AS base
                 FROM case_transitions x JOIN cases c ON c.id = x.case_id
                 WHERE x.status = 'planned' AND c.status <> 'closed'`,
    due: (base) => endOfDate(base as string),
  },
  {
    // The person of an open case turns 18: the owner prepares the move from children's to adults' services, due
    // TURNS_18_NOTICE_DAYS before the birthday. Only birthdays still ahead make a task; it ends on the birthday (there
    // is nothing to record) or when the case closes.
    kind: 'turns_18',
    subject: 'case',
    prefix: 'turns_18',
    usesNow: true,
    holds: (id) => `EXISTS (SELECT 1 FROM cases c JOIN persons p ON p.id = c.person_id
                            WHERE c.id = ${id} AND c.status <> 'closed'
                              AND (p.birth_date + interval '18 years')::date > ($1::timestamptz AT TIME ZONE 'Europe/Copenhagen')::date)`,
    candidates: `SELECT c.id AS subject_id, c.unit_id, ${active('c.owner_id')} AS assignee_id, NULL::uuid AS concern_id, c.id AS case_id,
                        to_char((p.birth_date + interval '18 years')::date - ${TURNS_18_NOTICE_DAYS}, 'YYYY-MM-DD') AS base
                 FROM cases c JOIN persons p ON p.id = c.person_id
                 WHERE c.status <> 'closed' AND p.birth_date IS NOT NULL
                   AND (p.birth_date + interval '18 years')::date > ($1::timestamptz AT TIME ZONE 'Europe/Copenhagen')::date`,
    due: (base) => endOfDate(base as string),
  },
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

/**
 * Restricts a run to the tasks of one concern (the rules whose subject is a concern) or of one case (the rules whose
 * subject hangs on a case). completeOnly: only marks done what no longer holds (no new tasks, no reassignment), for
 * actors outside the record's unit (the police liaison recording a check, the mentor logging a session), who may
 * write their own tasks only (row-level security on tasks).
 */
interface OneRecord {
  concernId?: string;
  /** One consent's task (review the disclosures made on a withdrawn consent): the consent is named in the rule key. */
  consentId?: string;
  /** One access request's task (answer by the deadline): the request is named in the rule key. */
  accessRequestId?: string;
  caseId?: string;
  completeOnly?: boolean;
}

/**
 * The units whose tasks a run may create or move: the actor's own under a request's scope (row-level security lets
 * the app role write tasks of its units only; a record of another unit the actor reaches, e.g. as a case member, gets
 * its tasks at the next tick), every unit (null) on the system path.
 */
type WritableUnits = readonly string[] | null;

/** The task kinds that follow the concern's coordinator (the rest with a case follow the case owner). */
const COORDINATOR_KINDS = `('triage_deadline', 'child_report')`;
/** The kinds that stay with the person they were made for (police liaison, partner, mentor). */
const PERSONAL_KINDS = RULES.filter((r) => r.perAssignee).map((r) => `'${r.kind}'`).join(', ');

/**
 * Applies the rules at time now in the caller's transaction, to every record or only to one concern's or case's
 * tasks: creates the missing tasks (INSERT ... ON CONFLICT (rule_key) DO NOTHING, so concurrent runs create each
 * once), marks done the open tasks whose obligation no longer holds, and moves open tasks to the current coordinator
 * or case owner (unit queue when none is active). The one code path behind the scheduler tick and the refresh a
 * request does for the record it just wrote.
 */
async function applyRulesInTrx(tx: Queryable, now: Date, only: OneRecord | null, writable: WritableUnits, actorId: string | null): Promise<RuleRunResult> {
  // completeOnly closes the actor's own tasks only: the conditions run under the actor's row-level security, which may
  // hide the records another task's obligation rests on (a mentor does not see the case's follow-ups).
  const ownOnly = (params: unknown[]) => (only?.completeOnly && actorId ? ` AND t.assignee_id = $${params.push(actorId)}::uuid` : '');
  const inUnits = (params: unknown[], alias: string) => (writable ? ` AND ${alias}.unit_id = ANY($${params.push(writable)}::uuid[])` : '');
  const rules = !only ? RULES
    : only.consentId ? RULES.filter((r) => r.subject === 'consent')
      : only.accessRequestId ? RULES.filter((r) => r.subject === 'access_request')
      : only.concernId ? RULES.filter((r) => r.subject === 'concern') : RULES.filter((r) => r.subject !== 'concern');
  const column = only?.concernId ? 'concern_id' : 'case_id';
  // A consent's or an access request's task names it in its rule key only; a candidate names it as its subject.
  const scope = (params: unknown[], alias: string) => {
    if (!only) return '';
    const subject = only.consentId ?? only.accessRequestId;
    if (subject) return ` AND ${alias === 'x' ? 'x.subject_id' : `split_part(${alias}.rule_key, ':', 2)::uuid`} = $${params.push(subject)}::uuid`;
    return ` AND ${alias}.${column} = $${params.push(only.concernId ?? only.caseId)}::uuid`;
  };
  const keys: string[] = [], kinds: string[] = [], units: string[] = [], assignees: (string | null)[] = [];
  const concerns: (string | null)[] = [], cases: (string | null)[] = [], dues: Date[] = [];
  for (const rule of only?.completeOnly ? [] : rules) {
    const params: unknown[] = rule.usesNow ? [now] : [];
    const key = rule.perAssignee ? `'${rule.prefix}:' || x.subject_id::text || ':' || x.assignee_id::text` : `'${rule.prefix}:' || x.subject_id::text`;
    const r = await tx.query<Candidate>(
      `SELECT x.* FROM (${rule.candidates}) x
       WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rule_key = ${key})${rule.perAssignee ? ' AND x.assignee_id IS NOT NULL' : ''}${scope(params, 'x')}${inUnits(params, 'x')}
       ORDER BY x.subject_id`,
      params,
    );
    for (const c of r.rows) {
      if (c.base === null) continue;
      keys.push(rule.perAssignee ? `${rule.prefix}:${c.subject_id}:${c.assignee_id}` : `${rule.prefix}:${c.subject_id}`);
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
  // Each rule's kind is distinct, so rules sharing a kind (none today) would each complete the other's tasks.
  const byKind = new Map(rules.map((r) => [r.kind, r]));
  for (const rule of byKind.values()) {
    const subject = `split_part(t.rule_key, ':', 2)::uuid`;
    const params: unknown[] = [now, rule.kind];
    const done = await tx.query(
      `UPDATE tasks t SET done_at = $1 WHERE t.done_at IS NULL AND t.kind = $2 AND NOT ${rule.holds(subject)}${scope(params, 't')}${ownOnly(params)} RETURNING t.id`,
      params,
    );
    completed += done.rows.length;
  }
  if (only?.completeOnly) return { created, completed, reassigned: 0 };
  let reassigned = 0;
  if (!only || (only.concernId && !only.consentId && !only.accessRequestId)) {
    const triageParams: unknown[] = [];
    const triage = await tx.query(
      `UPDATE tasks t SET assignee_id = ${active('co.coordinator_id')} FROM concerns co
       WHERE t.done_at IS NULL AND t.delegated_at IS NULL AND t.kind IN ${COORDINATOR_KINDS} AND co.id = t.concern_id
         AND t.assignee_id IS DISTINCT FROM ${active('co.coordinator_id')}${scope(triageParams, 't')}${inUnits(triageParams, 't')} RETURNING t.id`,
      triageParams,
    );
    reassigned += triage.rows.length;
  }
  if (!only || only.caseId) {
    const ownedParams: unknown[] = [];
    const owned = await tx.query(
      `UPDATE tasks t SET assignee_id = ${active('c.owner_id')} FROM cases c
       WHERE t.done_at IS NULL AND t.delegated_at IS NULL AND t.kind NOT IN ${COORDINATOR_KINDS} AND t.kind NOT IN (${PERSONAL_KINDS}) AND c.id = t.case_id
         AND t.assignee_id IS DISTINCT FROM ${active('c.owner_id')}${scope(ownedParams, 't')}${inUnits(ownedParams, 't')} RETURNING t.id`,
      ownedParams,
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
export const taskRulesRepo = sharedRepository((tx, s) => ({
  /** Applies every rule at time now, or only the rules of one concern's or case's tasks. */
  apply(now: Date, only: OneRecord | null): Promise<RuleRunResult> {
    return applyRulesInTrx(tx, now, only, s instanceof Scope ? s.actor.unitIds : null, s instanceof Scope ? s.actor.id : null);
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
  assignee_name: string | null;
  delegated_at: Date | null;
  number: string | null;
  severity: Task['severity'];
  level: Task['level'];
  full_name: string | null;
  birth_date: string | null;
}

/**
 * A signed-in user's task list. The joins run under row-level security, so a record or person the reader may not
 * read leaves its number or initials null rather than leaking them.
 */
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
   * The actor's open tasks, plus the unit queue (unassigned tasks) for coordinators, who own triage in their unit,
   * and for the manager the unit's overdue tasks, whoever holds them: overdue first, then by due time. Each says
   * whom (number, initials, age band; never the name) and what. Audited as one search naming the filters.
   */
  async mine(q: TaskQuery): Promise<Task[]> {
    const criterion = ['mine', q.kind && `kind=${q.kind}`, q.overdue && `overdue=${q.overdue}`].filter(Boolean).join('; ');
    s.requireRole('tasks.read', { action: 'search', recordType: 'task', criterion });
    const queue = s.actor.role === 'coordinator';
    const manager = s.actor.role === 'manager';
    const params: unknown[] = [s.actor.id, queue, s.actor.unitIds, s.now, manager, danishDateOf(s.now)];
    // Holiday cover (migration 0243): the open tasks of a colleague the actor covers today are on the actor's list too.
    const covered = `SELECT p.absent_user_id FROM cover_periods p WHERE p.cover_user_id = $1 AND p.starts_on <= $6::date AND p.ends_on >= $6::date`;
    let where = `t.done_at IS NULL AND (t.assignee_id = $1 OR t.assignee_id IN (${covered}) OR ($2 AND t.assignee_id IS NULL AND t.unit_id = ANY($3::uuid[]))
                 OR ($5 AND t.unit_id = ANY($3::uuid[]) AND t.due_at < $4))`;
    if (q.kind) where += ` AND t.kind = $${params.push(q.kind)}`;
    if (q.overdue) where += ` AND (t.due_at < $4) = $${params.push(q.overdue === 'true')}`;
    const r = await tx.query<TaskRow>(
      `SELECT t.id, t.kind, t.due_at, t.concern_id, t.case_id, t.assignee_id, u.display_name AS assignee_name, t.delegated_at,
              COALESCE(k.number, c.number) AS number, k.severity, c.prevention_level AS level, p.full_name, p.birth_date
       FROM tasks t
       LEFT JOIN concerns k ON k.id = t.concern_id
       LEFT JOIN cases c ON c.id = t.case_id
       LEFT JOIN persons p ON p.id = COALESCE(k.person_id, c.person_id)
       LEFT JOIN users u ON u.id = t.assignee_id
       WHERE ${where}
       ORDER BY (t.due_at < $4) DESC, t.due_at, t.id LIMIT 1000`,
      params,
    );
    s.audit({ action: 'search', recordType: 'task', criterion });
    const today = danishDateOf(s.now);
    return r.rows.map((t) => ({
      id: t.id, kind: t.kind, dueAt: t.due_at.toISOString(), ...taskUrgency(t.due_at, s.now), concernId: t.concern_id, caseId: t.case_id,
      unassigned: t.assignee_id === null, number: t.number,
      initials: t.full_name === null ? null : initialsOf(t.full_name),
      ageBand: t.full_name === null ? null : ageBand(t.birth_date, today),
      severity: t.severity, level: t.level,
      assignee: t.assignee_id && t.assignee_name ? { id: t.assignee_id, displayName: t.assignee_name } : null,
      delegated: t.delegated_at !== null,
    }));
  },

  /**
   * Hands an open task to an active coordinator or adviser of its unit: an adviser their own task, a coordinator any
   * task of their unit. The task stays with the colleague (the rules no longer move it back). Audited as an
   * update of the task naming the colleague; a task outside reach answers 404.
   */
  async delegate(id: string, userId: string): Promise<void> {
    const entry = { action: 'update' as const, recordType: 'task', recordId: id };
    const reaches = s.requireRole('tasks.delegate', entry);
    // 'unit': any open task of the actor's units; 'any': the actor's own task (policy.ts tasks.delegate).
    const t = await tx.query<{ id: string; unit_id: string }>(
      `SELECT t.id, t.unit_id FROM tasks t WHERE t.id = $1 AND t.done_at IS NULL
         AND (($2 AND t.assignee_id = $3) OR ($4 AND t.unit_id = ANY($5::uuid[]))) FOR UPDATE`,
      [id, reaches.includes('any'), s.actor.id, reaches.includes('unit'), s.actor.unitIds],
    );
    const task = t.rows[0];
    if (!task) return s.refuse(entry);
    const to = await tx.query<{ id: string }>(
      `SELECT u.id FROM users u WHERE u.id = $1 AND u.unit_id = $2 AND u.disabled_at IS NULL AND u.role IN ('coordinator', 'adviser')`,
      [userId, task.unit_id],
    );
    if (!to.rows[0]) throw errors.invalidField('userId', "must be an active coordinator or adviser of the task's unit");
    await tx.query(`UPDATE tasks SET assignee_id = $2, delegated_at = $3, delegated_by = $4 WHERE id = $1`, [id, userId, s.now, s.actor.id]);
    s.audit({ ...entry, criterion: `delegated to ${userId}` });
  },
}));

/** The initials of a name ("Mads Prøvesen" → "MP"), the most a task card shows of whom it concerns. */
function initialsOf(fullName: string): string {
  return fullName.trim().split(/[\s-]+/).filter(Boolean).map((w) => w[0]!.toUpperCase()).join('').slice(0, 4);
}
