import { runAsSystem, type Scope, type SystemScope } from '../../access/scope.ts';
import type { Database } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';
import type { TaskQuery } from '../../../shared/support.ts';
import { backfillFollowUpsInTrx } from '../followups/index.ts';
import { notifyDeadlinesInTrx } from '../notifications/index.ts';
import { taskLockRepo, taskRepo, taskRulesRepo, type RuleRunResult } from './repo.ts';

export interface TaskRunResult extends RuleRunResult {
  followUpsAdded: number;
}

/**
 * Derives the task list from the records at time now, in the caller's system transaction:
 * 1. adds follow-ups whose trigger is recorded but whose row is missing;
 * 2. creates the task of every obligation that has none (INSERT ... ON CONFLICT (rule_key) DO NOTHING, so two
 *    concurrent runs still create each task once);
 * 3. marks done every open task whose obligation no longer holds (concern triaged, re-offer made, assessment taken,
 *    follow-up answered, case closed);
 * 4. moves open tasks to the current coordinator or case owner (unit queue when none is active).
 */
export async function generateTasksInTrx(s: SystemScope, now: Date): Promise<TaskRunResult> {
  const followUpsAdded = await backfillFollowUpsInTrx(s);
  const result = await taskRulesRepo(s).apply(now, null);
  // A deadline within 24 hours: the assignee's inbox says so (notifications module).
  await notifyDeadlinesInTrx(s);
  return { followUpsAdded, ...result };
}

/**
 * Creates or refreshes the tasks of one concern (its triage deadline) in the caller's transaction, with the same
 * rules as the scheduler: a new concern shows on its coordinator's (or the unit queue's) list at once instead of at
 * the next tick. Idempotent through tasks.rule_key. Under a request's scope, row-level security lets the actor
 * write tasks of their own unit only: call it for a concern of the actor's unit.
 */
export async function refreshConcernTasksInTrx(s: Scope | SystemScope, concernId: string, now: Date): Promise<RuleRunResult> {
  return taskRulesRepo(s).apply(now, { concernId });
}

/**
 * Creates or closes the task of one consent (review the disclosures made on a withdrawn consent) in the caller's
 * transaction, with the scheduler's rule and key, so the withdrawal shows on the case owner's list at once.
 */
export async function refreshConsentTasksInTrx(s: Scope | SystemScope, consentId: string, now: Date): Promise<RuleRunResult> {
  return taskRulesRepo(s).apply(now, { consentId });
}

/**
 * Creates, replaces or closes the task of one access request (answer by the deadline, or by the extended one) in the
 * caller's transaction, with the scheduler's rules and keys, so a registered request is on the DPO's list at once
 * (docs/security.md, "Access requests").
 */
export async function refreshAccessRequestTasksInTrx(s: Scope | SystemScope, requestId: string, now: Date): Promise<RuleRunResult> {
  return taskRulesRepo(s).apply(now, { accessRequestId: requestId });
}

/**
 * The same for the tasks hanging on one case (re-offers, reassessment, follow-ups, the mentor's first session): a
 * course assigned or an owner handed over shows on the right list at once. For a case of the actor's unit.
 */
export async function refreshCaseTasksInTrx(s: Scope | SystemScope, caseId: string, now: Date): Promise<RuleRunResult> {
  return taskRulesRepo(s).apply(now, { caseId });
}

/**
 * Marks done the tasks of one concern or case whose obligation the actor's change just met, creating and moving
 * nothing: for actors outside the record's unit (the police liaison's check, the mentor's session), who may write
 * their own tasks only.
 */
export async function completeTasksInTrx(s: Scope | SystemScope, on: { concernId: string } | { caseId: string }, now: Date): Promise<RuleRunResult> {
  return taskRulesRepo(s).apply(now, { ...on, completeOnly: true });
}

/**
 * Runs the task rules once on the system path (label 'scheduler'), unless another instance is running them right
 * now (then nothing is done: that run derives the same tasks from the same records). Jobs and tests call this.
 */
export async function runTaskRulesOnce(ctx: { db: Database; clock: Clock }): Promise<{ ran: boolean } & Partial<TaskRunResult>> {
  return runAsSystem(ctx, 'scheduler', async (s) => {
    if (!(await taskLockRepo(s).tryLock())) return { ran: false };
    return { ran: true, ...(await generateTasksInTrx(s, s.now)) };
  });
}

export const tasks = {
  /** The signed-in user's open tasks (and the unit queue for coordinators); see taskRepo.mine. */
  mine: (s: Scope, q: TaskQuery) => taskRepo(s).mine(q),
  /** Hands an open task to a colleague of its unit; see taskRepo.delegate. */
  delegate: (s: Scope, id: string, userId: string) => taskRepo(s).delegate(id, userId),
};

/** The receiving unit's coordinator task for a concern forwarded from the shared hotline (scope: the receiving unit). */
export function createHotlineForwardTaskInTrx(s: Scope, concernId: string): Promise<void> {
  return taskRepo(s).hotlineForward(concernId);
}
