import { z } from 'zod';
import { Version } from './contracts.ts';

/** POST /cases/:id/handover: the new owner (an active coordinator or adviser of the case's unit). */
export const CaseHandoverInput = z.object({ version: Version, ownerId: z.uuid() });
/** POST /concerns/:id/handover: the new coordinator of the concern's unit. */
export const ConcernHandoverInput = z.object({ version: Version, coordinatorId: z.uuid() });
export const HandoverResult = z.object({ id: z.uuid(), version: z.number().int(), assigneeId: z.uuid(), tasksMoved: z.number().int().min(0) });

/** POST /covers: a colleague covers another from startsOn to endsOn (Danish dates, both included). */
export const CoverInput = z.object({
  absentUserId: z.uuid(),
  coverUserId: z.uuid(),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
});
const Staff = z.object({ id: z.uuid(), displayName: z.string() });
export const CoverPeriod = z.object({ id: z.uuid(), absent: Staff, cover: Staff, startsOn: z.string(), endsOn: z.string() });
export const CoverCreated = CoverPeriod.extend({ casesCovered: z.number().int().min(0) });

/** The month the workload view counts "due this month" and "sessions this month" in (YYYY-MM, Danish time). */
export const WorkloadQuery = z.object({ month: z.string().regex(/^20[0-9]{2}-(0[1-9]|1[0-2])$/, 'a month like 2026-12').optional() });

/**
 * The manager's workload view (docs/domain.md, "Workload"): per coordinator or adviser, open cases, overdue triage,
 * re-offers and follow-ups due in the month; per mentor, running courses and sessions in the month.
 */
export const WorkloadRow = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  role: z.enum(['coordinator', 'adviser', 'mentor']),
  openCases: z.number().int(),
  overdueTriage: z.number().int(),
  reoffersDue: z.number().int(),
  followUpsDue: z.number().int(),
  runningCourses: z.number().int(),
  sessionsThisMonth: z.number().int(),
});
export const Workload = z.object({ month: z.string(), rows: z.array(WorkloadRow) });
export type Workload = z.infer<typeof Workload>;

/** A count as the analyst sees it: under 5 shown as "<5" (zero included). */
export const SuppressedCount = z.union([z.number().int(), z.literal('<5')]);
/** The analyst's variant: no names or ids, rows in no telling order, small counts suppressed. */
export const SuppressedWorkloadRow = z.object({
  role: z.enum(['coordinator', 'adviser', 'mentor']),
  openCases: SuppressedCount,
  overdueTriage: SuppressedCount,
  reoffersDue: SuppressedCount,
  followUpsDue: SuppressedCount,
  runningCourses: SuppressedCount,
  sessionsThisMonth: SuppressedCount,
});
export const SuppressedWorkload = z.object({ month: z.string(), rows: z.array(SuppressedWorkloadRow) });
