import type { z } from 'zod';
import type {
  CaseDetail as CaseDetailSchema,
  CaseIdeologyArea as CaseIdeologyAreaSchema,
  CaseMember as CaseMemberSchema,
  CaseSummary as CaseSummarySchema,
  Disclosure as DisclosureSchema,
  LegalBasis as LegalBasisSchema,
  MemberRelation as MemberRelationSchema,
  Note as NoteSchema,
  PreventionLevel as PreventionLevelSchema,
} from '../../../shared/contracts.ts';
import type { CaseStatus as CaseStatusSchema } from '../../../shared/case-workflow.ts';
import type {
  Assessment as AssessmentSchema,
  AssessmentKind as AssessmentKindSchema,
  Instrument as InstrumentSchema,
  Label as LabelSchema,
} from '../../../shared/assessments.ts';
import type { ConcernSummary as ConcernSummarySchema, CprRevealed as CprRevealedSchema, PersonView as PersonViewSchema } from '../../../shared/intake.ts';
import type {
  Course as CourseSchema,
  CourseEndReason as CourseEndReasonSchema,
  CourseKind as CourseKindSchema,
  CourseSession as CourseSessionSchema,
  CourseStatus as CourseStatusSchema,
  FollowUp as FollowUpSchema,
  FollowUpKind as FollowUpKindSchema,
  MentorCourse as MentorCourseSchema,
  Occupation as OccupationSchema,
  Offer as OfferSchema,
  OfferResponse as OfferResponseSchema,
  OfferType as OfferTypeSchema,
  SessionForm as SessionFormSchema,
} from '../../../shared/support.ts';
// The case module's own response contracts; they import nothing of the server, so the web may use their types.
import type { CaseCourse as CaseCourseSchema, CaseHistory as CaseHistorySchema, CaseStatusChange as CaseStatusChangeSchema } from '../../../server/modules/cases/contracts.ts';

/**
 * The web's view of the casework contracts: every type is inferred from the zod schema that the server validates
 * and documents with (src/shared/contracts.ts, support.ts, assessments.ts, intake.ts and the case module's
 * contracts.ts). Types only: nothing of zod reaches the bundle through this file.
 */
export type CaseStatus = z.infer<typeof CaseStatusSchema>;
export type PreventionLevel = z.infer<typeof PreventionLevelSchema>;
export type CaseIdeologyArea = z.infer<typeof CaseIdeologyAreaSchema>;
export type MemberRelation = z.infer<typeof MemberRelationSchema>;
export type LegalBasis = z.infer<typeof LegalBasisSchema>;
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
export type CaseMember = z.infer<typeof CaseMemberSchema>;
export type CaseDetail = z.infer<typeof CaseDetailSchema>;
export type PersonView = z.infer<typeof PersonViewSchema>;
export type CprRevealed = z.infer<typeof CprRevealedSchema>;
export type Note = z.infer<typeof NoteSchema>;
export type Disclosure = z.infer<typeof DisclosureSchema>;
export type AssessmentKind = z.infer<typeof AssessmentKindSchema>;
export type Assessment = z.infer<typeof AssessmentSchema>;
export type Rating = Assessment['ratings'][number];
export type Label = z.infer<typeof LabelSchema>;
export type Instrument = z.infer<typeof InstrumentSchema>;
export type OfferType = z.infer<typeof OfferTypeSchema>;
export type OfferResponse = z.infer<typeof OfferResponseSchema>;
export type Offer = z.infer<typeof OfferSchema>;
export type CourseKind = z.infer<typeof CourseKindSchema>;
export type CourseStatus = z.infer<typeof CourseStatusSchema>;
export type CourseEndReason = z.infer<typeof CourseEndReasonSchema>;
export type Course = z.infer<typeof CourseSchema>;
/** A course as GET /cases/:id/courses lists it: the course with its mentor's name and how many sessions it has had. */
export type CaseCourse = z.infer<typeof CaseCourseSchema>;
/** One step of the case workflow (GET /cases/:id/history), oldest first. */
export type StatusChange = z.infer<typeof CaseStatusChangeSchema>;
/** GET /cases/:id/history: when the case was opened and every status change. */
export type CaseHistory = z.infer<typeof CaseHistorySchema>;
export type StaffRef = StatusChange['changedBy'];
export type SessionForm = z.infer<typeof SessionFormSchema>;
export type CourseSession = z.infer<typeof CourseSessionSchema>;
export type MentorCourse = z.infer<typeof MentorCourseSchema>;
export type FollowUpKind = z.infer<typeof FollowUpKindSchema>;
export type Occupation = z.infer<typeof OccupationSchema>;
export type FollowUp = z.infer<typeof FollowUpSchema>;
/** A concern as the case page's timeline lists it (GET /concerns?caseId=). */
export type ConcernSummary = z.infer<typeof ConcernSummarySchema>;

/** The fields of a case that PATCH /cases/:id edits (and that a conflict can be merged on). */
export const CASE_EDITABLE_FIELDS = ['title', 'preventionLevel', 'ideologyArea'] as const satisfies readonly (keyof CaseDetail)[];
export type CaseEditableField = (typeof CASE_EDITABLE_FIELDS)[number];
export type CaseEditable = Pick<CaseDetail, CaseEditableField>;

/** The assessment instrument the case page and the mentor view record on. */
export const INSTRUMENT_ID = 'national-v1';
