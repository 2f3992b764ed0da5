import { z } from 'zod';
import { IsoDate, Version } from './contracts.ts';
import { FieldChange } from './corrections.ts';

/**
 * Contracts of the support part of the case flow (docs/domain.md steps 7-9): offers and re-offers, courses and their
 * sessions, follow-ups, and the task list derived from the deadline rules. Status machines are data here.
 */

const Timestamp = z.iso.datetime({ offset: true });

// --- case statuses in which support work may happen ------------------------------------------------------
/** Offers and courses belong to a live case; a closed case takes none (answer 409). */
export const SUPPORT_CASE_STATUSES = ['open', 'offer', 'course', 'follow_up'] as const;

// --- offers ----------------------------------------------------------------------------------------------
/**
 * An offer type: a code of the offer_types vocabulary (migration 0360), which an administrator keeps; the server
 * accepts only active ones in a new offer (docs/domain.md, "Vocabularies"). OFFER_TYPES are the codes installed.
 */
export const OFFER_TYPES = ['mentor', 'relative_coach', 'exit_course', 'psychiatry', 'employment_education', 'trauma_treatment', 'child_welfare', 'other_service'] as const;
export const OfferType = z.string().regex(/^[a-z][a-z_]{1,59}$/, 'must be an offer type code');
export const OfferResponse = z.enum(['pending', 'accepted', 'declined', 'no_answer']);
export type OfferResponse = z.infer<typeof OfferResponse>;
/**
 * Allowed answers from each state. A person who did not answer may still accept or decline later; an accepted or
 * declined offer is final (a new chance is a re-offer, a new record).
 */
export const OFFER_TRANSITIONS: Record<OfferResponse, readonly OfferResponse[]> = {
  pending: ['accepted', 'declined', 'no_answer'],
  no_answer: ['accepted', 'declined'],
  accepted: [],
  declined: [],
};
export const OfferInput = z.object({
  type: OfferType,
  offeredAt: Timestamp,
  /** The first (declined or unanswered) offer this re-offers. */
  reofferOf: z.uuid().optional(),
});
export const OfferResponseInput = z.object({ response: OfferResponse.exclude(['pending']), version: Version });
export const Offer = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  type: OfferType,
  offeredAt: z.string(),
  offeredBy: z.uuid(),
  response: OfferResponse,
  respondedAt: z.string().nullable(),
  reofferOf: z.uuid().nullable(),
  /** For a declined or unanswered first offer: the re-offer deadlines (within 3 and within 6 months). */
  reofferDue: z.object({ threeMonths: z.string(), sixMonths: z.string() }).nullable(),
  version: z.number().int(),
  /** Corrections of the answer (docs/domain.md, "Corrections"), oldest first. */
  corrections: z.array(FieldChange),
});

// --- courses ---------------------------------------------------------------------------------------------
export const CourseKind = z.enum(['mentor', 'relative_coach', 'exit_course', 'other']);
export const CourseStatus = z.enum(['planned', 'active', 'paused', 'ended']);
export type CourseStatus = z.infer<typeof CourseStatus>;
export const CourseEndReason = z.enum(['completed', 'dropped_out', 'moved', 'other']);
/** The course status machine. Only ending is exposed so far; an ended course is final. */
export const COURSE_TRANSITIONS: Record<CourseStatus, readonly CourseStatus[]> = {
  planned: ['active', 'ended'],
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
};
export const CourseInput = z.object({
  kind: CourseKind, mentorId: z.uuid(), offerId: z.uuid().optional(), startedOn: IsoDate,
  /** A relative coach course names the coached relative: a person linked to the case's person (docs/domain.md, "Family and relationships"). */
  coachedPersonId: z.uuid().optional(),
});
export const CourseEndInput = z.object({ endedOn: IsoDate, endReason: CourseEndReason, version: Version });
export const Course = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  offerId: z.uuid().nullable(),
  kind: CourseKind,
  mentorId: z.uuid(),
  status: CourseStatus,
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: CourseEndReason.nullable(),
  version: z.number().int(),
  /** The coached relative of a relative coach course (the case page's list names them: cases/contracts.ts CaseCourse). */
  coachedPersonId: z.uuid().nullable().optional(),
});
export const AgeBandSchema = z.enum(['under_15', '15_17', '18_24', '25_34', '35_plus', 'unknown']);
/** What a mentor sees of their own courses: nothing of the case beyond the first name and an age band. */
export const MentorCourse = z.object({
  id: z.uuid(),
  kind: CourseKind,
  status: CourseStatus,
  startedOn: z.string(),
  firstName: z.string(),
  ageBand: AgeBandSchema,
  lastSessionOn: z.string().nullable(),
});
/** A session form: a code of the session_forms vocabulary (migration 0360; home_visit added for the 2020-21 plan). */
export const SessionForm = z.string().regex(/^[a-z][a-z_]{1,59}$/, 'must be a session form code');
export const SessionInput = z.object({
  heldOn: IsoDate,
  durationMinutes: z.number().int().min(1).max(600),
  form: SessionForm,
  note: z.string().trim().max(1000).optional(),
});
export const CourseSession = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  heldOn: z.string(),
  durationMinutes: z.number().int(),
  form: SessionForm,
  note: z.string().nullable(),
  loggedBy: z.uuid(),
  loggedAt: z.string(),
});

// --- follow-ups ------------------------------------------------------------------------------------------
export const FollowUpKind = z.enum(['six_months_after_course', 'twelve_months_after_offer']);
export const Occupation = z.enum(['education', 'employment', 'neither', 'unknown']);
/** stillAtRisk answers a six-months-after-course follow-up, occupation a twelve-months-after-offer one. */
export const FollowUpAnswer = z.object({
  stillAtRisk: z.boolean().optional(), occupation: Occupation.optional(),
  /** Required to answer before the follow-up falls due (e.g. the person moves away and cannot be reached later). */
  earlyReason: z.string().trim().min(5, 'must say why the follow-up is answered before it falls due (at least 5 characters)').max(2000).optional(),
});
export const FollowUp = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: FollowUpKind,
  courseId: z.uuid().nullable(),
  offerId: z.uuid().nullable(),
  dueOn: z.string(),
  answeredAt: z.string().nullable(),
  answeredBy: z.uuid().nullable(),
  stillAtRisk: z.boolean().nullable(),
  occupation: Occupation.nullable(),
  /** Why it was answered before it fell due, when it was. */
  earlyReason: z.string().nullable(),
});

// --- tasks -----------------------------------------------------------------------------------------------
export const TaskKind = z.enum(['triage_deadline', 'reoffer_3m', 'reoffer_6m', 'reassessment', 'follow_up_6m', 'follow_up_12m', 'child_report',
  'access_request', 'consent_withdrawn', 'support_plan_review', 'police_check', 'infohus_invite', 'course_start', 'hotline_forward',
  'release_transition', 'turns_18']);
export type TaskKind = z.infer<typeof TaskKind>;
export const AGE_BANDS = ['under_15', '15_17', '18_24', '25_34', '35_plus', 'unknown'] as const;
/**
 * A task card says whom and what (D7): the concern's or case's number, the person's initials and age band (never the
 * name), the concern's severity or the case's level, who holds it and when it is due.
 */
export const Task = z.object({
  id: z.uuid(),
  kind: TaskKind,
  dueAt: z.string(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  /** Link target: the concern (triage) or the case (everything else). */
  concernId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  /** True for a unit-queue task nobody is assigned to yet (visible to the unit's coordinators). */
  unassigned: z.boolean(),
  /** The concern's or case's number; null when the reader may not read the record. */
  number: z.string().nullable(),
  /** The person's initials and age band; null when the reader may not read the person. */
  initials: z.string().nullable(),
  ageBand: z.enum(AGE_BANDS).nullable(),
  severity: z.enum(['acute', 'high', 'medium', 'low']).nullable(),
  level: z.enum(['green', 'yellow', 'red']).nullable(),
  assignee: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  /** Set when someone handed the task to its assignee (POST /tasks/:id/delegate). */
  delegated: z.boolean(),
});
export type Task = z.infer<typeof Task>;
/** GET /tasks/mine: filters (kind, overdue only). */
export const TaskQuery = z.object({
  kind: TaskKind.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type TaskQuery = z.infer<typeof TaskQuery>;
/** POST /tasks/:id/delegate: to an active colleague of the task's unit. */
export const TaskDelegateInput = z.object({ userId: z.uuid() });
