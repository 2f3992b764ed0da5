import { z } from 'zod';
import type { Api, RouteDeps } from '../../http/route-types.ts';
import { CaseDetail, Disclosure, IdParams, Note } from '../../../shared/contracts.ts';
import { ConcernSummary, PersonView } from '../../../shared/intake.ts';
import { Assessment } from '../../../shared/assessments.ts';
import { CourseSession, FollowUp, Offer } from '../../../shared/support.ts';
import { SupportPlan } from '../../../shared/support-plan.ts';
import { ClosureRequest } from '../../../shared/closure-workflow.ts';
import { Consent } from '../../../shared/watch.ts';
import { DocumentView } from '../../../shared/documents.ts';
import { CaseCourse, CaseHistory } from '../cases/index.ts';
import { SupervisionSession } from '../../../shared/supervision.ts';
import { CourseDimensions } from '../../../shared/course-dimensions.ts';
import { CoachAssessment } from '../../../shared/coach-assessments.ts';
import { PsychiatryConsultation, Transition } from '../../../shared/environments.ts';
import { casePage } from './service.ts';

/** The case page's sections; each is null when the role may not see it for this case. */
const CasePageView = z.object({
  detail: CaseDetail,
  person: PersonView.nullable(),
  history: CaseHistory.nullable(),
  notes: z.array(Note).nullable(),
  disclosures: z.array(Disclosure).nullable(),
  assessments: z.array(Assessment).nullable(),
  offers: z.array(Offer).nullable(),
  followUps: z.array(FollowUp).nullable(),
  concerns: z.array(ConcernSummary).nullable(),
  courses: z.array(CaseCourse).nullable(),
  /** The sessions of each course that has any, by course id (for the timeline). */
  sessions: z.record(z.string(), z.array(CourseSession)),
  /** The dimensions each course addresses, by course id (for the course cards), where the actor may read assessments. */
  courseDimensions: z.record(z.string(), CourseDimensions),
  /** The coached relative's assessments of each relative-coach course, by course id, where the actor may read assessments. */
  relativeAssessments: z.record(z.string(), z.array(CoachAssessment)),
  consents: z.array(Consent).nullable(),
  documents: z.array(DocumentView).nullable(),
  supportPlan: SupportPlan.nullable(),
  closureRequests: z.array(ClosureRequest).nullable(),
  /** Supervision given to the case's resource persons and SSP members (docs/domain.md, "Resource persons and SSP"). */
  supervisionSessions: z.array(SupervisionSession).nullable(),
  /** Consultations with regional psychiatry on the case (docs/domain.md, "The psychiatry pathway"). */
  psychiatryConsultations: z.array(PsychiatryConsultation).nullable(),
  /** Release dates of the case's person (docs/domain.md, "Transitions"). */
  transitions: z.array(Transition).nullable(),
});

/** The case page in one request: a module of its own, since it reads through cases, persons, offers, … (each index.ts). */
export async function casePageRoutes(api: Api, _deps: RouteDeps): Promise<void> {
  api.get('/cases/:id/page', { schema: { tags: ['cases'], params: IdParams, response: { 200: CasePageView } } }, (req) =>
    req.scoped((s) => casePage(s, req.params.id)));
}
