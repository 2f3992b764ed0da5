import { z } from 'zod';
import { CaseStatus } from '../../../shared/contracts.ts';
import { CourseEndReason, CourseKind, CourseStatus } from '../../../shared/support.ts';

const StaffRef = z.object({ id: z.uuid(), displayName: z.string() });

/** A course of the case as the case page lists it: mentor by name, how many sessions and the latest. */
export const CaseCourse = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  offerId: z.uuid().nullable(),
  kind: CourseKind,
  mentorId: z.uuid(),
  mentorName: z.string(),
  status: CourseStatus,
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: CourseEndReason.nullable(),
  version: z.number().int(),
  /** Sessions the actor's row-level scope shows: all of them for the case's unit. */
  sessionsCount: z.number().int(),
  lastSessionOn: z.string().nullable(),
  /** The coached relative of a relative coach course, when named and the actor may read that person; else null. */
  coachedPerson: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
});

/** One step of the case workflow, oldest first. */
export const CaseStatusChange = z.object({
  from: CaseStatus,
  to: CaseStatus,
  /** Closure reason or reopening note (duty to record); withheld (null) from partners like the closure reason. */
  reason: z.string().nullable(),
  changedAt: z.string(),
  changedBy: StaffRef,
});

/** The case page's timeline: when the case was opened and by whom, then every status change. */
export const CaseHistory = z.object({
  caseId: z.uuid(),
  createdAt: z.string(),
  /** Null for cases created by the system (e.g. imported). */
  createdBy: StaffRef.nullable(),
  changes: z.array(CaseStatusChange),
});
