import type { Scope } from '../../access/scope.ts';
import type { Action } from '../../access/policy.ts';
import { AppError } from '../../platform/errors.ts';
import { caseSections, reachesCase } from '../cases/index.ts';
import { personViewInTrx } from '../persons/index.ts';
import { offersOfCaseInTrx } from '../offers/index.ts';
import { assessmentsOfCaseInTrx } from '../assessments/index.ts';
import { followUpsOfCaseInTrx } from '../followups/index.ts';
import { concernsOfCaseInTrx } from '../concerns/index.ts';
import { dimensionsOfCourseInTrx, relativeAssessmentsOfCourseInTrx, sessionsOfCourseInTrx } from '../courses/index.ts';
import { consentsOfCaseInTrx } from '../consents/index.ts';
import { documentsOfCaseInTrx } from '../documents/index.ts';
import { supportPlanOfCaseInTrx } from '../support-plan/index.ts';
import { closureRequestsOfCaseInTrx } from '../closures/index.ts';
import { supervisionSessionsOfCaseInTrx } from '../supervision/index.ts';
import { psychiatryConsultationsOfCaseInTrx } from '../psychiatry/index.ts';
import { transitionsOfCaseInTrx } from '../transitions/index.ts';

/** The actions whose sections the case page may show; each section is present only when its action reaches this case. */
const SECTION_ACTIONS = [
  'case.read', 'person.read', 'case.notes.read', 'case.disclosures.read', 'assessment.read', 'offer.read', 'followup.read', 'concern.read',
  'course.read', 'consent.read', 'document.read', 'support_plan.read', 'case.closure.read',
  'case.supervision.read', 'psychiatry.read',
] as const satisfies readonly Action[];

/**
 * A section the role may not see for this case is absent (null), never an error: the reach check above decides, and a
 * narrower rule inside the section's own module (e.g. a person outside person.read reach) answers null too.
 */
async function section<T>(s: Scope, may: boolean, read: () => Promise<T>): Promise<T | null> {
  if (!may) return null;
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'forbidden')) {
      // The section's refusal is not the page's: the page succeeds, so the refusal entry is dropped with it.
      s.refused.pop();
      return null;
    }
    throw err;
  }
}

/**
 * The case page in one request (GET /cases/:id/page; docs/architecture.md, "The case page"): every section within the
 * actor's reach, read through its own module, in one transaction, and one audit row for the look (docs/security.md,
 * "One look, one audit row"). A case outside case.read reach is an audited 404, as GET /cases/:id. Sections that change
 * reload alone from their own endpoints.
 */
export async function casePage(s: Scope, id: string) {
  return s.asOneLook(async () => {
    const detail = await caseSections.detail(s, id);
    const may = await reachesCase(s, id, SECTION_ACTIONS);
    const person = await section(s, may['person.read'], () => personViewInTrx(s, detail.personId));
    const history = await section(s, may['case.read'], () => caseSections.history(s, id));
    const notes = await section(s, may['case.notes.read'], () => caseSections.notes(s, id));
    const disclosures = await section(s, may['case.disclosures.read'], () => caseSections.disclosures(s, id));
    const assessments = await section(s, may['assessment.read'], () => assessmentsOfCaseInTrx(s, id));
    const offers = await section(s, may['offer.read'], () => offersOfCaseInTrx(s, id));
    const followUps = await section(s, may['followup.read'], () => followUpsOfCaseInTrx(s, id));
    const concerns = await section(s, may['concern.read'], () => concernsOfCaseInTrx(s, id, detail.personId));
    const courses = await section(s, may['course.read'], () => caseSections.courses(s, id));
    const sessions: Record<string, Awaited<ReturnType<typeof sessionsOfCourseInTrx>>> = {};
    for (const co of courses ?? []) {
      if (co.sessionsCount === 0) continue;
      const list = await section(s, true, () => sessionsOfCourseInTrx(s, co.id));
      if (list) sessions[co.id] = list;
    }
    // The dimensions each course addresses (docs/domain.md, "Relevant dimensions of a course"), for the course cards.
    // The coached relative's own assessments on a relative-coach course (docs/domain.md, "The coached relative's
    // instrument"). Both are read here, inside the one look, so the course cards ask nothing of their own.
    const courseDimensions: Record<string, Awaited<ReturnType<typeof dimensionsOfCourseInTrx>>> = {};
    const relativeAssessments: Record<string, Awaited<ReturnType<typeof relativeAssessmentsOfCourseInTrx>>> = {};
    for (const co of courses ?? []) {
      const marks = await section(s, may['assessment.read'], () => dimensionsOfCourseInTrx(s, co.id));
      if (marks) courseDimensions[co.id] = marks;
      if (co.kind !== 'relative_coach') continue;
      const rated = await section(s, may['assessment.read'], () => relativeAssessmentsOfCourseInTrx(s, co.id));
      if (rated) relativeAssessments[co.id] = rated;
    }
    const consents = await section(s, may['consent.read'], () => consentsOfCaseInTrx(s, id));
    const documents = await section(s, may['document.read'], () => documentsOfCaseInTrx(s, id));
    const supportPlan = await section(s, may['support_plan.read'], () => supportPlanOfCaseInTrx(s, id));
    const closureRequests = await section(s, may['case.closure.read'], () => closureRequestsOfCaseInTrx(s, id));
    const supervisionSessions = await section(s, may['case.supervision.read'], () => supervisionSessionsOfCaseInTrx(s, id));
    // The psychiatry pathway and the release dates (docs/domain.md, "The psychiatry pathway", "Transitions").
    const psychiatryConsultations = await section(s, may['psychiatry.read'], () => psychiatryConsultationsOfCaseInTrx(s, id));
    const transitions = await section(s, may['support_plan.read'], () => transitionsOfCaseInTrx(s, id));
    return {
      detail, person, history, notes, disclosures, assessments, offers, followUps, concerns, courses, sessions, courseDimensions, relativeAssessments, consents, documents, supportPlan,
      closureRequests, supervisionSessions, psychiatryConsultations, transitions,
    };
  }, (page) => ({ action: 'read', recordType: 'case', recordId: id, personId: page.detail.personId, criterion: 'case page' }));
}
