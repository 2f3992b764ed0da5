import { ACTIONS, POLICY, type Action, type Reach } from '../../shared/policy.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import type { Queryable } from './db.ts';

/**
 * Row-level security follows the need-to-know table (docs/architecture.md, step 6; docs/security.md, "Database").
 * The table itself stays in src/shared/policy.ts; the database gets a copy, `access_reach(role, action, reach)`,
 * rewritten from it at every start in the migrations' transaction (migrate.ts), so the copy cannot drift from the code
 * that runs. Which actions a table's rows serve is said here, once per kind of row, and written beside it as
 * `access_row_actions(kind, action)`: a role reaches a row of a kind through the union of its reaches for those
 * actions (the repository then narrows each query to the one action it serves). Migration 0120 turns each reach into
 * a condition per table and reads the join of the two, `access_row_reach(kind, role, reach)`, also written here.
 */

/**
 * For each kind of row, the actions whose repository queries read or write rows of that kind, and the reaches
 * migration 0120 can say in SQL for it. A reach of a role for one of these actions that is not listed would match no
 * row (fail closed); access-reach.test.ts fails first, so a change of policy.ts that RLS cannot follow is seen.
 *
 * The figures (statistics.read, statistics.drilldown, report.export and, for the measures on the plan dashboard,
 * plan.read) count the unit's records, so roles with those actions keep unit reach on the tables the figures read.
 * Row-level security cannot say "only in aggregate"; the repositories return figures only (docs/security.md).
 */
export const ROW_KINDS = {
  /** persons. course.read: the mentor's own course list shows the citizen's first name and age band (courses/repo.ts mine). */
  person: {
    actions: ['access_request.compile', 'person.read', 'person.update', 'person.reveal_cpr', 'person.links.manage', 'course.read', 'statistics.read', 'statistics.drilldown', 'report.export'],
    reaches: ['unit', 'creator', 'member', 'shared', 'mentor'],
  },
  /** cases and case_status_changes: the case itself, which every case-level action reads first. */
  case: {
    actions: ['access_request.compile', 'case.read', 'case.update', 'case.members.manage', 'case.transition', 'case.disclose', 'case.disclosures.read',
      'case.notes.read', 'case.notes.create', 'assessment.read', 'assessment.create', 'offer.read', 'offer.manage', 'course.read',
      'course.manage', 'course.sessions.create', 'followup.read', 'followup.answer', 'statistics.read', 'statistics.drilldown',
      'report.export', 'plan.read', 'support_plan.read', 'support_plan.manage', 'case.closure.read', 'case.closure.decide', 'case.summary.export', 'case.supervision.read', 'case.supervision.manage', 'case.legal_hold',
      'case.list.export'],
    reaches: ['unit', 'member', 'owner', 'mentor'],
  },
  /** offers. course.manage: a course starts from an accepted offer; followup.*: the 12-month follow-up is an offer's. */
  offer: {
    actions: ['access_request.compile', 'offer.read', 'offer.manage', 'course.manage', 'followup.read', 'followup.answer', 'statistics.read', 'statistics.drilldown',
      'report.export', 'plan.read'],
    reaches: ['unit', 'member', 'owner'],
  },
  /** follow_ups. */
  follow_up: {
    actions: ['access_request.compile', 'followup.read', 'followup.answer', 'statistics.read', 'statistics.drilldown', 'report.export', 'plan.read'],
    reaches: ['unit', 'member'],
  },
  /** case_notes. */
  case_note: { actions: ['access_request.compile', 'case.notes.read', 'case.notes.create'], reaches: ['unit', 'member'] },
  /** assessments (and their ratings, which follow them). */
  assessment: {
    actions: ['access_request.compile', 'assessment.read', 'assessment.create', 'statistics.read', 'statistics.drilldown', 'report.export', 'plan.read'],
    reaches: ['unit', 'member'],
  },
  /** courses and course_sessions. */
  course: {
    actions: ['access_request.compile', 'course.read', 'course.manage', 'course.sessions.create', 'followup.read', 'followup.answer', 'statistics.read',
      'statistics.drilldown', 'report.export', 'plan.read'],
    reaches: ['unit', 'member', 'owner', 'mentor'],
  },
  /** support_plan_goals, support_plan_review_dates, support_plan_reviews (goal dimensions and progress follow them). */
  support_plan: { actions: ['access_request.compile', 'support_plan.read', 'support_plan.manage'], reaches: ['unit', 'member'] },
  /** case_closure_requests: asked by case.transition, listed by case.closure.read, decided by case.closure.decide. */
  closure_request: { actions: ['case.transition', 'case.closure.read', 'case.closure.decide'], reaches: ['unit', 'member', 'owner'] },
  /** supervision_sessions. */
  supervision: { actions: ['case.supervision.read', 'case.supervision.manage'], reaches: ['unit', 'member', 'owner'] },
  /** concerns, concern_behaviours, infohus_assessments, concern_child_reports, and a concern's field_history rows. */
  concern: {
    actions: ['access_request.compile', 'concern.read', 'concern.share', 'concern.police_check', 'concern.assess', 'concern.child_report', 'concern.correct', 'statistics.read', 'statistics.drilldown',
      'report.export', 'plan.read', 'concern.list.export'],
    reaches: ['unit', 'creator', 'shared'],
  },
} as const satisfies Record<string, { actions: readonly Action[]; reaches: readonly Reach[] }>;

export type RowKind = keyof typeof ROW_KINDS;

/** The reaches role has on rows of kind: the union over the kind's actions (what access_row_reach holds). */
export function rowReaches(kind: RowKind, role: Role): Reach[] {
  const out = new Set<Reach>();
  for (const action of ROW_KINDS[kind].actions) {
    const byRole = POLICY[action] as Partial<Record<Role, readonly Reach[]>>;
    for (const r of byRole[role] ?? []) out.add(r);
  }
  return [...out];
}

/** The policy table as rows (role, action, reach), in a stable order. */
export function policyRows(): { role: Role; action: Action; reach: Reach }[] {
  const rows: { role: Role; action: Action; reach: Reach }[] = [];
  for (const action of ACTIONS) {
    const byRole = POLICY[action] as Partial<Record<Role, readonly Reach[]>>;
    for (const role of ROLES) for (const reach of byRole[role] ?? []) rows.push({ role, action, reach });
  }
  return rows;
}

/** The copy's content in one canonical text: its rows, then the kinds' actions, each sorted by code point. */
function canonical(reach: string[], kinds: string[]): string {
  return `${reach.sort().join(';')}#${kinds.sort().join(';')}`;
}

/**
 * Whether the database's copy equals policy.ts and ROW_KINDS, in one read-only statement: a start with no new
 * migration and an unchanged policy writes nothing (migrate.ts).
 */
export async function accessReachIsCurrentInTrx(tx: Queryable): Promise<boolean> {
  // The derived join (what row-level security reads) must equal its sources too, so a tampered access_row_reach alone
  // is rewritten as well.
  const r = await tx.query<{ reach: string[] | null; kinds: string[] | null; derived: boolean }>(
    `WITH d AS (SELECT DISTINCT k.kind, a.role, a.reach FROM access_reach a JOIN access_row_actions k ON k.action = a.action)
     SELECT (SELECT array_agg(role || '|' || action || '|' || reach) FROM access_reach) AS reach,
            (SELECT array_agg(kind || '|' || action) FROM access_row_actions) AS kinds,
            NOT EXISTS ((SELECT kind, role, reach FROM access_row_reach EXCEPT SELECT kind, role, reach FROM d)
                        UNION ALL (SELECT kind, role, reach FROM d EXCEPT SELECT kind, role, reach FROM access_row_reach)) AS derived`);
  if (r.rows[0]?.derived !== true) return false;
  const stored = canonical(r.rows[0]?.reach ?? [], r.rows[0]?.kinds ?? []);
  const code = canonical(
    policyRows().map((p) => `${p.role}|${p.action}|${p.reach}`),
    Object.entries(ROW_KINDS).flatMap(([kind, k]) => k.actions.map((action) => `${kind}|${action}`)),
  );
  return stored === code;
}

/**
 * Rewrites access_reach, access_row_actions and their join access_row_reach from policy.ts and ROW_KINDS, in the
 * caller's transaction (the migrations' one, under their advisory lock), so every start runs on the table its own
 * code holds.
 */
export async function syncAccessReachInTrx(tx: Queryable): Promise<void> {
  const rows = policyRows();
  const kinds = Object.entries(ROW_KINDS).flatMap(([kind, k]) => k.actions.map((action) => ({ kind, action })));
  await tx.query('DELETE FROM access_reach');
  await tx.query(
    `INSERT INTO access_reach (role, action, reach)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
    [rows.map((r) => r.role), rows.map((r) => r.action), rows.map((r) => r.reach)],
  );
  await tx.query('DELETE FROM access_row_actions');
  await tx.query(
    'INSERT INTO access_row_actions (kind, action) SELECT * FROM unnest($1::text[], $2::text[])',
    [kinds.map((k) => k.kind), kinds.map((k) => k.action)],
  );
  await tx.query('DELETE FROM access_row_reach');
  await tx.query(`INSERT INTO access_row_reach (kind, role, reach)
    SELECT DISTINCT k.kind, r.role, r.reach FROM access_reach r JOIN access_row_actions k ON k.action = r.action`);
}
