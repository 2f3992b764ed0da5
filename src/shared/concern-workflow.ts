/**
 * The concern's workflow as data (docs/domain.md, "The flow of a concern", steps 2–4): the triage clock and the status
 * machine. Pure functions only, shared by the server (which refuses illegal transitions) and the web app (which
 * shows the clock and the next steps).
 */
import { triageDeadline as deadlineRule, type Severity } from './rules.ts';

export const CONCERN_STATUSES = ['received', 'police_check', 'infohus', 'justified', 'unfounded', 'police_took_over'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];

export const SEVERITIES = ['acute', 'high', 'medium', 'low'] as const satisfies readonly Severity[];
export type { Severity };

/**
 * The allowed status transitions. Decisions recorded here:
 * - The police check always comes before the Infohus (docs/domain.md step 4: "Police check, then Infohus assessment");
 *   received → infohus is therefore NOT allowed. The Infohus is a municipality–police cooperation, so the police
 *   register check is the first thing it needs. The coordinator may record a check the police did by phone.
 * - police_check → police_took_over when the police take the matter over (or find it acute): the police then act
 *   under their own law, and the concern leaves the prevention track.
 * - justified, unfounded and police_took_over are final. A justified concern lives on in its case.
 */
export const CONCERN_TRANSITIONS: Record<ConcernStatus, readonly ConcernStatus[]> = {
  received: ['police_check'],
  police_check: ['infohus', 'police_took_over'],
  infohus: ['justified', 'unfounded'],
  justified: [],
  unfounded: [],
  police_took_over: [],
};

/** Statuses that end triage: the concern has been qualified and passed on. */
export const TRIAGED_STATUSES: readonly ConcernStatus[] = ['justified', 'unfounded', 'police_took_over'];

/** The statuses a concern in status from may move to. */
export function allowedTransitions(from: ConcernStatus): readonly ConcernStatus[] {
  return CONCERN_TRANSITIONS[from];
}

/** True when a concern may move from one status to the other. */
export function canTransition(from: ConcernStatus, to: ConcernStatus): boolean {
  return CONCERN_TRANSITIONS[from].includes(to);
}

/** The status a new concern starts in: an acute concern goes straight to the police check. */
export function initialStatus(severity: Severity): ConcernStatus {
  return severity === 'acute' ? 'police_check' : 'received';
}

/**
 * The triage deadline: receivedAt plus 24/48/72 h by severity (the action plan's target); for an acute concern,
 * receivedAt itself, since it goes to the police at once. The hours live in rules.ts with the other deadline rules.
 */
export function triageDeadline(severity: Severity, receivedAt: Date): Date {
  return deadlineRule(receivedAt, severity);
}

export interface TriageClock {
  deadlineAt: Date;
  /** Minutes until the deadline (negative when overdue). Once triaged, the clock stops at the triage moment. */
  timeLeftMinutes: number;
  /** Not yet triaged and past the deadline. */
  overdue: boolean;
}

/**
 * The triage clock as seen at now. Rounds towards the deadline's side (floor), so a concern one second overdue
 * shows −1 minute rather than 0.
 */
export function triageClock(deadlineAt: Date, now: Date, triagedAt: Date | null): TriageClock {
  const at = triagedAt ?? now;
  const timeLeftMinutes = Math.floor((deadlineAt.getTime() - at.getTime()) / 60_000);
  return { deadlineAt, timeLeftMinutes, overdue: triagedAt === null && now.getTime() > deadlineAt.getTime() };
}

/** Whether triage at triagedAt met the deadline (feeds the action-plan KPI "passed on within 24/48/72 h"). */
export function handledInTime(deadlineAt: Date, triagedAt: Date): boolean {
  return triagedAt.getTime() <= deadlineAt.getTime();
}
