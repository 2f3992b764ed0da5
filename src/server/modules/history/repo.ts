import type { Queryable } from '../../platform/db.ts';
import { reachSql, repository, type Scope } from '../../access/scope.ts';

/**
 * The history module's repository: the only place with SQL on history_aggregates (docs/architecture.md). Published
 * figures from before the unit's records begin; counts without personal data, so a read writes no audit row.
 */
export interface HistoryRow { measure: 'concerns_received' | 'courses_started' | 'cases_opened'; first_year: number; last_year: number; value: number; source: string }

export const historyRepo = repository((tx: Queryable, s: Scope) => ({
  /** The unit's published history (plan.read: the plan's trend shows it), oldest first. */
  async list(): Promise<HistoryRow[]> {
    const reaches = s.requireRole('plan.read', { action: 'search', recordType: 'history_aggregate', criterion: 'all' });
    const params: unknown[] = [];
    const r = await tx.query<HistoryRow>(
      `SELECT h.measure, h.first_year, h.last_year, h.value, h.source FROM history_aggregates h
        WHERE ${reachSql(reaches, s.actor, params, 'h', {})} ORDER BY h.measure, h.first_year, h.last_year`, params);
    return r.rows;
  },
}));
