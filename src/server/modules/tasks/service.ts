import { systemTransaction, type Scope } from '../../access/scope.ts';
import type { Database } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';
import { taskUrgency } from '../../../shared/rules.ts';
import type { TaskKind } from '../../../shared/support.ts';
import { generateTasksInTrx, type TaskRunResult } from './rules.ts';

/**
 * One advisory lock for the rules engine: with several server instances, the instance that gets it runs the tick
 * and the others skip it. Transaction-scoped, so a crashed run releases it with its rollback.
 */
export const TASK_RULES_LOCK = 7_357_030;

/**
 * Runs the task rules once in a system transaction, unless another instance is running them right now (then
 * nothing is done: that run derives the same tasks from the same records). Jobs and tests call this.
 */
export async function runTaskRulesOnce(ctx: { db: Database; clock: Clock }): Promise<{ ran: boolean } & Partial<TaskRunResult>> {
  return systemTransaction(ctx.db, async (tx) => {
    const lock = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [TASK_RULES_LOCK]);
    if (!lock.rows[0]?.locked) return { ran: false };
    return { ran: true, ...(await generateTasksInTrx(tx, ctx.clock.now())) };
  });
}

interface TaskRow {
  id: string;
  kind: TaskKind;
  due_at: Date;
  concern_id: string | null;
  case_id: string | null;
  assignee_id: string | null;
}

export const tasks = {
  /**
   * The actor's open tasks, plus the unit queue (unassigned tasks) for coordinators, who own triage in their unit:
   * overdue first, then by due time. Ids only, no names; audited as one search.
   */
  async mine(s: Scope) {
    s.requireRole('tasks.read', { action: 'search', recordType: 'task', criterion: 'mine' });
    const queue = s.actor.role === 'coordinator';
    const r = await s.tx.query<TaskRow>(
      `SELECT t.id, t.kind, t.due_at, t.concern_id, t.case_id, t.assignee_id FROM tasks t
       WHERE t.done_at IS NULL AND (t.assignee_id = $1 OR ($2 AND t.assignee_id IS NULL AND t.unit_id = ANY($3::uuid[])))
       ORDER BY (t.due_at < $4) DESC, t.due_at, t.id LIMIT 500`,
      [s.actor.id, queue, s.actor.unitIds, s.now],
    );
    s.audit({ action: 'search', recordType: 'task', criterion: 'mine' });
    return r.rows.map((t) => ({
      id: t.id, kind: t.kind, dueAt: t.due_at.toISOString(), ...taskUrgency(t.due_at, s.now), concernId: t.concern_id, caseId: t.case_id,
      unassigned: t.assignee_id === null,
    }));
  },
};
