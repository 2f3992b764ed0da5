/**
 * Wire types of the casework API, mirroring the zod contracts in src/shared (contracts.ts, support.ts,
 * assessments.ts, intake.ts). Kept as plain interfaces so the web bundle does not pull in the server's schemas.
 */

export type CaseStatus = 'open' | 'offer' | 'course' | 'follow_up' | 'closed';
export type PreventionLevel = 'green' | 'yellow' | 'red';
export type CaseIdeologyArea = 'militant_islamism' | 'right_wing' | 'left_wing' | 'other_unclear';
export type MemberRelation = 'owner' | 'adviser' | 'police' | 'partner' | 'mentor';
export type LegalBasis = 'retsplejeloven_115' | 'serviceloven' | 'consent' | 'other';

export const PREVENTION_LEVELS: readonly PreventionLevel[] = ['green', 'yellow', 'red'];
export const CASE_IDEOLOGY_AREAS: readonly CaseIdeologyArea[] = ['militant_islamism', 'right_wing', 'left_wing', 'other_unclear'];
export const LEGAL_BASES: readonly LegalBasis[] = ['retsplejeloven_115', 'serviceloven', 'consent', 'other'];

export interface CaseSummary {
  id: string;
  unitId: string;
  personId: string;
  title: string;
  status: CaseStatus;
  preventionLevel: PreventionLevel;
  ideologyArea: CaseIdeologyArea | null;
  ownerId: string | null;
  version: number;
  updatedAt: string;
}

export interface CaseMember {
  id: string;
  displayName: string;
  relation: MemberRelation;
  legalBasis: LegalBasis | null;
}

export interface CaseDetail extends CaseSummary {
  owner: { id: string; displayName: string } | null;
  members: CaseMember[];
  closedAt: string | null;
  closureReason: string | null;
  allowedTransitions: CaseStatus[];
  nextReassessmentDue: string | null;
  /** When the case was opened (servers before the case history leave it out). */
  createdAt?: string;
}

/** The fields of a case that PATCH /cases/:id edits (and that a conflict can be merged on). */
export interface CaseEditable {
  title: string;
  preventionLevel: PreventionLevel;
  ideologyArea: CaseIdeologyArea | null;
}
export const CASE_EDITABLE_FIELDS = ['title', 'preventionLevel', 'ideologyArea'] as const;
export type CaseEditableField = (typeof CASE_EDITABLE_FIELDS)[number];

export interface PersonView {
  id: string;
  unitId: string;
  fullName: string;
  cprMasked: string | null;
  birthDate: string | null;
  gender: 'female' | 'male' | 'other' | 'unknown';
  district: string | null;
  version: number;
  minor: boolean;
  socialServicesReportDuty: boolean;
}

export interface CprRevealed {
  personId: string;
  cpr: string | null;
}

export interface Note {
  id: string;
  authorId: string;
  writtenAt: string;
  body: string;
  sharedWithPartners: boolean;
}

export interface Disclosure {
  id: string;
  caseId: string;
  partnerOrganisation: string;
  recipientUserId: string | null;
  legalBasis: LegalBasis;
  legalBasisText: string | null;
  contentSummary: string;
  disclosedAt: string;
  disclosedBy: string;
}

export type AssessmentKind = 'start' | 'six_months' | 'end' | 'other';
export const ASSESSMENT_KINDS: readonly AssessmentKind[] = ['start', 'six_months', 'end', 'other'];

export interface Rating {
  dimension: string;
  risk: number | null;
  resources: number | null;
  comment: string | null;
}

export interface Assessment {
  id: string;
  caseId: string;
  instrumentId: string;
  kind: AssessmentKind;
  assessedOn: string;
  summary: string | null;
  assessedBy: string;
  createdAt: string;
  ratings: Rating[];
}

export interface Label {
  da: string;
  en: string;
}

export interface Instrument {
  id: string;
  name: string;
  version: number;
  active: boolean;
  dimensions: { code: string; position: number; label: Label }[];
  /** Ordinal steps lowest first, then the explicit "unknown" step whose value is null. */
  scale: { value: number | null; label: Label }[];
}

export const INSTRUMENT_ID = 'national-v1';

export type OfferType = 'mentor' | 'relative_coach' | 'exit_course' | 'psychiatry' | 'employment_education' | 'trauma_treatment' | 'other_service';
export const OFFER_TYPES: readonly OfferType[] = [
  'mentor', 'relative_coach', 'exit_course', 'psychiatry', 'employment_education', 'trauma_treatment', 'other_service',
];
export type OfferResponse = 'pending' | 'accepted' | 'declined' | 'no_answer';
/** Allowed answers from each state (support.ts OFFER_TRANSITIONS). */
export const OFFER_TRANSITIONS: Record<OfferResponse, readonly Exclude<OfferResponse, 'pending'>[]> = {
  pending: ['accepted', 'declined', 'no_answer'],
  no_answer: ['accepted', 'declined'],
  accepted: [],
  declined: [],
};

export interface Offer {
  id: string;
  caseId: string;
  type: OfferType;
  offeredAt: string;
  offeredBy: string;
  response: OfferResponse;
  respondedAt: string | null;
  reofferOf: string | null;
  reofferDue: { threeMonths: string; sixMonths: string } | null;
  version: number;
}

export type CourseKind = 'mentor' | 'relative_coach' | 'exit_course' | 'other';
export type CourseStatus = 'planned' | 'active' | 'paused' | 'ended';

export interface Course {
  id: string;
  caseId: string;
  offerId: string | null;
  kind: CourseKind;
  mentorId: string;
  status: CourseStatus;
  startedOn: string;
  endedOn: string | null;
  endReason: 'completed' | 'dropped_out' | 'moved' | 'other' | null;
  version: number;
}

/** A course as GET /cases/:id/courses lists it: the course with its mentor's name and how many sessions it has had. */
export interface CaseCourse extends Course {
  mentorName: string;
  sessionsCount: number;
  lastSessionOn: string | null;
}

export type CourseEndReason = NonNullable<Course['endReason']>;
export const COURSE_END_REASONS: readonly CourseEndReason[] = ['completed', 'dropped_out', 'moved', 'other'];
export const COURSE_KINDS: readonly CourseKind[] = ['mentor', 'relative_coach', 'exit_course', 'other'];
/** Courses can start while the case is in one of these statuses (support.ts SUPPORT_CASE_STATUSES). */
export const SUPPORT_CASE_STATUSES: readonly CaseStatus[] = ['open', 'offer', 'course', 'follow_up'];

export interface StaffRef {
  id: string;
  displayName: string;
}

/** One step of the case workflow (GET /cases/:id/history), oldest first. */
export interface StatusChange {
  from: CaseStatus;
  to: CaseStatus;
  /** Closure reason or reopening note; null when withheld (partners) or not given. */
  reason: string | null;
  changedAt: string;
  changedBy: StaffRef;
}

/** GET /cases/:id/history (src/server/modules/cases/contracts.ts): when the case was opened and every status change. */
export interface CaseHistory {
  caseId: string;
  createdAt: string;
  /** Null for cases created by the system. */
  createdBy: StaffRef | null;
  changes: StatusChange[];
}

export type SessionForm = 'in_person' | 'phone' | 'video' | 'other';
export const SESSION_FORMS: readonly SessionForm[] = ['in_person', 'phone', 'video', 'other'];

export interface CourseSession {
  id: string;
  courseId: string;
  heldOn: string;
  durationMinutes: number;
  form: SessionForm;
  note: string | null;
  loggedBy: string;
  loggedAt: string;
}

export interface MentorCourse {
  id: string;
  kind: CourseKind;
  status: CourseStatus;
  startedOn: string;
  firstName: string;
  ageBand: 'under_15' | '15_17' | '18_24' | '25_34' | '35_plus' | 'unknown';
  lastSessionOn: string | null;
}

export type FollowUpKind = 'six_months_after_course' | 'twelve_months_after_offer';
export type Occupation = 'education' | 'employment' | 'neither' | 'unknown';
export const OCCUPATIONS: readonly Occupation[] = ['education', 'employment', 'neither', 'unknown'];

export interface FollowUp {
  id: string;
  caseId: string;
  kind: FollowUpKind;
  courseId: string | null;
  offerId: string | null;
  dueOn: string;
  answeredAt: string | null;
  answeredBy: string | null;
  stillAtRisk: boolean | null;
  occupation: Occupation | null;
}

export interface ConcernSummary {
  id: string;
  receivedAt: string;
  channel: string;
  ideologyArea: string;
  severity: string;
  status: string;
  caseId: string | null;
  personId: string;
}
