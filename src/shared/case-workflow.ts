import { z } from 'zod';

/**
 * The case workflow as data (docs/domain.md, "The flow of a concern", steps 5–9). A case starts open, may move to an
 * offer of a voluntary course, to the course itself, to follow-up, and is closed with a reason. The server refuses
 * every step not listed here with a conflict that names the allowed ones.
 */
export const CASE_STATUSES = ['open', 'offer', 'course', 'follow_up', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/**
 * Allowed steps by POST /cases/:id/transition. Why each one:
 * - open → offer: the unit offers a voluntary course; open → closed: nothing more to do (closure reason required).
 * - offer → course: the offer was accepted; offer → follow_up: declined, but the person is followed (re-offers within
 *   3 and 6 months); offer → open: the offer lapsed and the case is worked on again; offer → closed.
 * - course → follow_up: the course ended and the 6/12-month follow-ups run; course → closed (e.g. moved away).
 * - follow_up → closed; follow_up → course: a new course after a follow-up showed renewed risk.
 * - closed → nothing: a closed case comes back only by reopening (POST /cases/:id/reopen), which requires a note
 *   under the duty to record.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  open: ['offer', 'closed'],
  offer: ['course', 'follow_up', 'open', 'closed'],
  course: ['follow_up', 'closed'],
  follow_up: ['closed', 'course'],
  closed: [],
};

/** The status a reopened case returns to. */
export const REOPEN_STATUS: CaseStatus = 'open';

/** The statuses a case in status from may move to by a transition (reopening is separate). */
export function allowedCaseTransitions(from: CaseStatus): readonly CaseStatus[] {
  return CASE_TRANSITIONS[from];
}

/** True when a case in status from may move to status to by a transition. */
export function mayTransitionCase(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

/** Closing a case records why (duty to record; retention and statistics read the reason). */
export function transitionRequiresReason(to: CaseStatus): boolean {
  return to === 'closed';
}

/**
 * Closing is not a plain step: it needs a manager's approval of a closure request (src/shared/closure-workflow.ts), and
 * POST /cases/:id/transition to 'closed' answers 409 pointing there. The step stays in the table above because an
 * approval takes it (and the web app shows it as "request closure").
 */
export function closureNeedsApproval(to: CaseStatus): boolean {
  return to === 'closed';
}

/** Only a closed case can be reopened. */
export function mayReopenCase(from: CaseStatus): boolean {
  return from === 'closed';
}

// --- contracts ----------------------------------------------------------------------------------------------------
const Version = z.number().int().min(1).max(2_147_483_647);

export const CaseTransitionInput = z.object({
  to: CaseStatus,
  version: Version,
  reason: z.string().trim().min(1).max(2000).optional(),
  /** When closing: end the case's running courses in the same step (otherwise a close with running courses is 409). */
  endRunningCourses: z.boolean().optional(),
});
export type CaseTransitionInput = z.infer<typeof CaseTransitionInput>;

export const CaseReopenInput = z.object({
  version: Version,
  note: z.string().trim().min(1).max(20000),
});
export type CaseReopenInput = z.infer<typeof CaseReopenInput>;
