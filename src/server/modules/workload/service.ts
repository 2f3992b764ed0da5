import type { Scope } from '../../access/scope.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { workloadRepo } from './repo.ts';

/** Counts under this are shown as "<5" in the analyst's variant (as the prevention figures do). */
const SMALL_COUNT = 5;
const shown = (n: number): number | '<5' => (n < SMALL_COUNT ? '<5' : n);

export const workload = {
  /** The manager's (and coordinator's) view of the unit: per person, with names. */
  async full(s: Scope, month?: string) {
    const m = month ?? danishDateOf(s.now).slice(0, 7);
    const rows = await workloadRepo(s).counts(m, 'workload.read');
    return {
      month: m,
      rows: rows.map((r) => ({
        userId: r.user_id, displayName: r.display_name, role: r.role, openCases: r.open_cases, overdueTriage: r.overdue_triage,
        reoffersDue: r.reoffers_due, followUpsDue: r.follow_ups_due, runningCourses: r.running_courses, sessionsThisMonth: r.sessions_this_month,
      })),
    };
  },
  /**
   * The analyst's variant: no names or ids, counts under 5 suppressed, rows ordered by role and then by their
   * (suppressed) figures, so the order tells nothing the figures do not.
   */
  async suppressed(s: Scope, month?: string) {
    const m = month ?? danishDateOf(s.now).slice(0, 7);
    const rows = await workloadRepo(s).counts(m, 'workload.read_suppressed');
    const out = rows.map((r) => ({
      role: r.role, openCases: shown(r.open_cases), overdueTriage: shown(r.overdue_triage), reoffersDue: shown(r.reoffers_due),
      followUpsDue: shown(r.follow_ups_due), runningCourses: shown(r.running_courses), sessionsThisMonth: shown(r.sessions_this_month),
    }));
    const key = (r: (typeof out)[number]) => `${r.role}|${JSON.stringify(Object.values(r).slice(1))}`;
    return { month: m, rows: out.sort((a, b) => key(a).localeCompare(key(b))) };
  },
};
