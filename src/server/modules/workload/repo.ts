import { repository } from '../../access/scope.ts';

/**
 * The workload view's repository (docs/domain.md, "Workload"): counts per staff member of the actor's units, in one
 * statement, under row-level security. Counts only; the names are staff data, the analyst's variant drops them.
 */
interface WorkloadDbRow {
  user_id: string;
  display_name: string;
  role: 'coordinator' | 'adviser' | 'mentor';
  open_cases: number;
  overdue_triage: number;
  reoffers_due: number;
  follow_ups_due: number;
  running_courses: number;
  sessions_this_month: number;
}

export const workloadRepo = repository((tx, s) => ({
  /**
   * Per active coordinator, adviser and mentor of the actor's units: open cases they own, concerns they coordinate
   * past their triage deadline, open re-offer and follow-up tasks they hold that fall due in the month (from its
   * first day to its last, Danish time), courses they run that are planned, active or paused, and sessions of their
   * courses held in the month. One statement; audited as one search.
   */
  async counts(month: string, action: 'workload.read' | 'workload.read_suppressed'): Promise<WorkloadDbRow[]> {
    s.requireRole(action, { action: 'search', recordType: 'workload', criterion: `month=${month}` });
    const r = await tx.query<WorkloadDbRow>(
      `WITH m AS (SELECT ($2 || '-01')::date AS first_day, (($2 || '-01')::date + interval '1 month')::date AS next_first),
            b AS (SELECT first_day, next_first, (first_day::timestamp AT TIME ZONE 'Europe/Copenhagen') AS t0,
                         (next_first::timestamp AT TIME ZONE 'Europe/Copenhagen') AS t1 FROM m)
       SELECT u.id AS user_id, u.display_name, u.role,
         (SELECT count(*)::int FROM cases c WHERE c.owner_id = u.id AND c.status <> 'closed' AND c.unit_id = ANY($1::uuid[])) AS open_cases,
         (SELECT count(*)::int FROM concerns k WHERE k.coordinator_id = u.id AND k.triaged_at IS NULL
            AND k.status IN ('received', 'police_check', 'infohus') AND k.triage_deadline_at < $3 AND k.unit_id = ANY($1::uuid[])) AS overdue_triage,
         (SELECT count(*)::int FROM tasks t WHERE t.assignee_id = u.id AND t.done_at IS NULL AND t.kind IN ('reoffer_3m', 'reoffer_6m')
            AND t.due_at >= b.t0 AND t.due_at < b.t1) AS reoffers_due,
         (SELECT count(*)::int FROM tasks t WHERE t.assignee_id = u.id AND t.done_at IS NULL AND t.kind IN ('follow_up_6m', 'follow_up_12m')
            AND t.due_at >= b.t0 AND t.due_at < b.t1) AS follow_ups_due,
         (SELECT count(*)::int FROM courses co WHERE co.mentor_id = u.id AND co.status IN ('planned', 'active', 'paused')
            AND co.unit_id = ANY($1::uuid[])) AS running_courses,
         (SELECT count(*)::int FROM course_sessions cs JOIN courses co ON co.id = cs.course_id WHERE co.mentor_id = u.id
            AND co.unit_id = ANY($1::uuid[]) AND cs.held_on >= b.first_day AND cs.held_on < b.next_first) AS sessions_this_month
       FROM users u CROSS JOIN b
       WHERE u.unit_id = ANY($1::uuid[]) AND u.disabled_at IS NULL AND u.role IN ('coordinator', 'adviser', 'mentor')
       ORDER BY u.role, u.display_name, u.id`,
      [s.actor.unitIds, month, s.now],
    );
    s.audit({ action: 'search', recordType: 'workload', criterion: `month=${month}${action === 'workload.read_suppressed' ? '; suppressed' : ''}` });
    return r.rows;
  },
}));
