import type { Scope } from '../../access/scope.ts';
import { caseReachSql } from './repo.ts';
import type { Action, Reach } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import { mayTransitionCase, type CaseStatus } from '../../../shared/case-workflow.ts';

/** The case columns every casework query needs; alias c. */
export interface CaseRow {
  id: string;
  unit_id: string;
  person_id: string;
  title: string;
  status: CaseStatus;
  prevention_level: 'green' | 'yellow' | 'red';
  ideology_area: 'militant_islamism' | 'right_wing' | 'left_wing' | 'other_unclear' | null;
  owner_id: string | null;
  closure_reason: string | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}
export const CASE_COLUMNS =
  'c.id, c.unit_id, c.person_id, c.title, c.status, c.prevention_level, c.ideology_area, c.owner_id, c.closure_reason, c.closed_at, c.version, c.created_at, c.updated_at';

/**
 * Loads a case the actor may reach for action (policy.ts reaches turned into SQL). Anything else — a case that does
 * not exist or lies outside the actor's need to know — is an audited refusal answering 404, so existence does not
 * leak. recordType names what the request was about in the audit row (case, case_notes, assessment, disclosure…).
 */
export async function getReachableCase(s: Scope, id: string, action: Action, audit: AuditAction, recordType = 'case'): Promise<CaseRow> {
  return getCaseWithinReaches(s, id, s.reaches(action), audit, recordType);
}

/** As getReachableCase, for reaches derived from an action rather than read from the table (see caseCourseReaches). */
export async function getCaseWithinReaches(s: Scope, id: string, reaches: readonly Reach[], audit: AuditAction, recordType: string): Promise<CaseRow> {
  const params: unknown[] = [id];
  const r = await s.tx.query<CaseRow>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 AND ${caseReachSql(reaches, s.actor, params)}`, params);
  if (!r.rows[0]) s.refuse({ action: audit, recordType, recordId: id });
  return r.rows[0];
}

/**
 * The case-level reaches of course.read (the same split as courses/policy.ts): coordinator and manager by unit,
 * adviser as a member. The mentor reach is dropped: a mentor reaches only their own course (GET /courses/mine,
 * GET /courses/:id), never the list of a case's courses, which would show the case's other mentors and courses.
 */
export function caseCourseReaches(s: Scope): readonly Reach[] {
  return s.reaches('course.read').filter((r) => r !== 'mentor');
}

/** For each action, whether the actor reaches the (already loaded) case for it. One query for all. */
export async function reachesCase<A extends Action>(s: Scope, id: string, actions: readonly A[]): Promise<Record<A, boolean>> {
  const params: unknown[] = [id];
  const cols = actions.map((a, i) => `${caseReachSql(s.reaches(a), s.actor, params)} AS r${i}`).join(', ');
  const r = await s.tx.query<Record<string, boolean>>(`SELECT ${cols} FROM cases c WHERE c.id = $1`, params);
  const row = r.rows[0] ?? {};
  return Object.fromEntries(actions.map((a, i) => [a, row[`r${i}`] === true])) as Record<A, boolean>;
}

/**
 * Moves a case along the workflow as a side effect of the work itself (an offer made → 'offer', a course started →
 * 'course', a course ended → 'follow_up'), but only where the transition table allows that step from the current
 * status; otherwise the case stays where it is (e.g. a second offer while a course runs). Kept in the history.
 */
export async function advanceCaseInTrx(
  s: Scope,
  caseId: string,
  to: CaseStatus,
  reason: string,
): Promise<void> {
  const r = await s.tx.query<{ status: CaseStatus; unit_id: string }>('SELECT status, unit_id FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
  const c = r.rows[0];
  if (!c || c.status === to || !mayTransitionCase(c.status, to)) return;
  await s.tx.query('UPDATE cases SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1', [caseId, to, s.now]);
  await s.tx.query(
    `INSERT INTO case_status_changes (case_id, unit_id, from_status, to_status, reason, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [caseId, c.unit_id, c.status, to, reason, s.now, s.actor.id],
  );
}
