import type { Scope, SystemScope } from '../../access/scope.ts';
import type { Action, Reach } from '../../access/policy.ts';
import type { AuditAction } from '../../audit/audit.ts';
import type { CaseStatus } from '../../../shared/case-workflow.ts';
import { caseAccessRequestRepo, caseRepo, coverMembershipRepo, coverMembershipSystemRepo, type CaseRow } from './repo.ts';
import { errors } from '../../platform/errors.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import type { CaseExportQuery } from '../../../shared/list-exports.ts';

/**
 * The cases module's public face for other modules (assessments, offers, courses, follow-ups …). Other modules never
 * query cases or case_members themselves: they load a case through these functions, which apply the actor's reach.
 */
export { caseReachSql, CASE_COLUMNS, type CaseRow } from './repo.ts';

/** Brings in the memberships of cover periods running today in the actor's units (handover module). */
export function syncCoverMembershipsInTrx(s: Scope, today: string) {
  return coverMembershipRepo(s).sync(today);
}

/** Starts and ends cover periods' memberships in every unit (the scheduler's tick, handover module). */
export function syncAllCoverMembershipsInTrx(s: SystemScope, today: string) {
  return coverMembershipSystemRepo(s).sync(today);
}

/** Hands a case to another owner of its unit (handover module); versioned and audited. */
export function handOverCaseInTrx(s: Scope, id: string, version: number, ownerId: string): Promise<CaseRow> {
  return caseRepo(s).handover(id, version, ownerId);
}

/**
 * Loads a case the actor may reach for action (policy.ts reaches turned into SQL). Anything else — a case that does
 * not exist or lies outside the actor's need to know — is an audited refusal answering 404, so existence does not
 * leak. recordType names what the request was about in the audit row (case, case_notes, assessment, offer…).
 */
export function getReachableCase(s: Scope, id: string, action: Action, audit: AuditAction, recordType = 'case'): Promise<CaseRow> {
  return caseRepo(s).load(id, action, audit, recordType);
}

/** As getReachableCase, for reaches derived from an action rather than read from the table (see caseCourseReaches). */
export function getCaseWithinReaches(s: Scope, id: string, reaches: readonly Reach[], audit: AuditAction, recordType: string): Promise<CaseRow> {
  return caseRepo(s).within(id, reaches, audit, recordType);
}

/**
 * The case if the actor reaches it for action, else null, for callers whose refusal names another record (an offer
 * or a follow-up of the case): they refuse with their own audit entry.
 */
export function findReachableCase(s: Scope, id: string, action: Action): Promise<CaseRow | null> {
  return caseRepo(s).find(id, action);
}

/** For each action, whether the actor reaches the (already loaded) case for it. One query for all. */
export function reachesCase<A extends Action>(s: Scope, id: string, actions: readonly A[]): Promise<Record<A, boolean>> {
  return caseRepo(s).reachesFor(id, actions);
}

/**
 * Moves a case along the workflow as a side effect of the work itself (an offer made → 'offer', a course started →
 * 'course', a course ended → 'follow_up'), but only where the transition table allows that step from the current
 * status; otherwise the case stays where it is (e.g. a second offer while a course runs). Kept in the history.
 */
export function advanceCaseInTrx(s: Scope, caseId: string, to: CaseStatus, reason: string): Promise<void> {
  return caseRepo(s).advance(caseId, to, reason);
}

/**
 * Makes a course's mentor a member of the case (relation 'mentor') that the caller loaded with getReachableCase, so
 * the mentor can log sessions and record assessments. Keeps an existing membership.
 */
export function addCaseMentorInTrx(s: Scope, c: CaseRow, mentorId: string): Promise<void> {
  return caseRepo(s).addMentor(c, mentorId);
}
export { findCasePersonInTrx, findOpenCaseOfPersonInTrx, openCaseForConcernInTrx } from './repo.ts';

/** The case page's own sections (docs/architecture.md, "The case page"), each read through the cases repository. */
export const caseSections = {
  detail: (s: Scope, id: string) => caseRepo(s).detail(id),
  history: (s: Scope, id: string) => caseRepo(s).history(id),
  notes: (s: Scope, id: string) => caseRepo(s).notes(id),
  disclosures: (s: Scope, id: string) => caseRepo(s).disclosures(id),
  courses: (s: Scope, id: string) => caseRepo(s).courses(id),
};
export { CaseCourse, CaseHistory } from './contracts.ts';

/** The person overview's casework sections (cases, courses, disclosures), each null when the role may not see it. */
export function casesOfPersonForOverviewInTrx(s: Scope, personId: string) {
  return caseRepo(s).ofPersonForOverview(personId);
}

/** Access requests (purpose-bound): the person's cases, their status history, notes and disclosures, no staff names. */
export function casesForAccessRequestInTrx(s: Scope, personId: string, concernIds: readonly string[]) {
  return caseAccessRequestRepo(s).ofPerson(personId, concernIds);
}

/**
 * The close step of an approved closure request (docs/domain.md, "Closing a case"): the one way a case becomes
 * 'closed'. c is the case the caller loaded with getReachableCase for case.closure.decide; the reason is the one the
 * request gave. Kept in the history like every status change. Answers the case view.
 */
export function closeApprovedCaseInTrx(s: Scope, c: CaseRow, reason: string) {
  return closeCaseEndingCoursesInTrx(s, c, reason);
}

/**
 * A closed case has no running courses (docs/domain.md, "Closing a case"). Asking to close a case that has some is
 * refused with a 409 naming them, unless the asker agrees that closing ends them (endRunningCourses). The closure
 * request checks this when it is made; the approved close (closeApprovedCaseInTrx) then ends whatever still runs.
 */
export async function refuseRunningCoursesInTrx(s: Scope, caseId: string, endRunningCourses: boolean): Promise<void> {
  const running = await caseRepo(s).runningCourses(caseId);
  if (running.length > 0 && !endRunningCourses) {
    const names = running.map((co) => `${co.kind} course with ${co.mentor_name} (started ${co.started_on})`).join('; ');
    throw errors.conflict(`The case has running courses: ${names}. End them first, or ask again with endRunningCourses: true.`, {
      allowed: [], current: 'running_courses',
      runningCourses: running.map((co) => ({ id: co.id, kind: co.kind, mentorName: co.mentor_name, startedOn: co.started_on })),
    });
  }
}

/** The approved close: ends the courses that still run (they were named when the closure was asked for), then closes. */
export async function closeCaseEndingCoursesInTrx(s: Scope, c: CaseRow, reason: string) {
  const repo = caseRepo(s);
  await repo.endCoursesOnClose(await repo.runningCourses(c.id), danishDateOf(s.now));
  return repo.transition(c, c.version, 'closed', reason);
}

/** The case list with its filters, every page up to ceiling, for an Excel export (list-exports module); audited as an export. */
export function casesForListExportInTrx(s: Scope, q: CaseExportQuery, ceiling: number) {
  return caseRepo(s).exportRows(q, ceiling);
}
