import { z } from 'zod';
import { Version } from './contracts.ts';

/**
 * Closure approval as data (docs/domain.md, "Closing a case"). A coordinator (or the owning adviser) asks to close a
 * case with a reason; a manager approves or rejects the request with a note. Only an approval closes the case, so a
 * case never moves to 'closed' by a plain transition (case-workflow.ts closureNeedsApproval). The server refuses every
 * step not listed here with a conflict that names the allowed ones.
 */
export const CLOSURE_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const ClosureStatus = z.enum(CLOSURE_STATUSES);
export type ClosureStatus = z.infer<typeof ClosureStatus>;

/** A pending request is decided once; a decided one is final (a rejected case may be asked about again, as a new request). */
export const CLOSURE_TRANSITIONS: Readonly<Record<ClosureStatus, readonly ClosureStatus[]>> = {
  pending: ['approved', 'rejected'],
  approved: [],
  rejected: [],
};

export function allowedClosureDecisions(from: ClosureStatus): readonly ClosureStatus[] {
  return CLOSURE_TRANSITIONS[from];
}

export function mayDecideClosure(from: ClosureStatus, to: ClosureStatus): boolean {
  return CLOSURE_TRANSITIONS[from].includes(to);
}

// --- contracts ----------------------------------------------------------------------------------------------------
const Timestamp = z.iso.datetime({ offset: true });
const StaffRef = z.object({ id: z.uuid(), displayName: z.string() });

export const ClosureRequestInput = z.object({
  reason: z.string().trim().min(1).max(2000),
  /** Agreed that closing ends the case's running courses (else a case with running courses is refused, naming them). */
  endRunningCourses: z.boolean().optional(),
});
export type ClosureRequestInput = z.infer<typeof ClosureRequestInput>;

export const ClosureDecisionInput = z.object({
  decision: z.enum(['approved', 'rejected']),
  note: z.string().trim().min(1).max(2000),
  version: Version,
});
export type ClosureDecisionInput = z.infer<typeof ClosureDecisionInput>;

export const ClosureRequest = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  status: ClosureStatus,
  reason: z.string(),
  requestedAt: Timestamp,
  requestedBy: StaffRef,
  decidedAt: Timestamp.nullable(),
  decidedBy: StaffRef.nullable(),
  decisionNote: z.string().nullable(),
  version: z.number().int(),
});
export type ClosureRequest = z.infer<typeof ClosureRequest>;

/** A pending request as the manager's "I dag" lists it: the case's number and title, who asked and when. */
export const PendingClosure = ClosureRequest.extend({ caseTitle: z.string() });
export type PendingClosure = z.infer<typeof PendingClosure>;
