import { runAsSystem, type Scope } from '../../access/scope.ts';
import type { AppContext } from '../../platform/context.ts';
import { danishDateOf } from '../../../shared/rules.ts';
import { handOverCaseInTrx, syncAllCoverMembershipsInTrx, syncCoverMembershipsInTrx } from '../cases/index.ts';
import { coverRepo } from './repo.ts';
import { handOverConcernInTrx } from '../concerns/index.ts';
import { refreshCaseTasksInTrx, refreshConcernTasksInTrx } from '../tasks/index.ts';

/**
 * Handover (docs/domain.md, "Handover"): the unit's coordinator gives a case a new owner or a concern a new
 * coordinator. Versioned (409 on stale) and audited by the owning module; the record's open tasks follow the new
 * holder in the same transaction (delegated tasks and the police, partner and mentor tasks stay where they are).
 */
export const handover = {
  async caseOwner(s: Scope, id: string, input: { version: number; ownerId: string }) {
    const c = await handOverCaseInTrx(s, id, input.version, input.ownerId);
    const moved = await refreshCaseTasksInTrx(s, id, s.now);
    return { id, version: c.version, assigneeId: input.ownerId, tasksMoved: moved.reassigned };
  },
  async concernCoordinator(s: Scope, id: string, input: { version: number; coordinatorId: string }) {
    const k = await handOverConcernInTrx(s, id, input.version, input.coordinatorId);
    const moved = await refreshConcernTasksInTrx(s, id, s.now);
    return { id, version: k.version, assigneeId: input.coordinatorId, tasksMoved: moved.reassigned };
  },
};

/**
 * Holiday cover (docs/domain.md, "Handover and holiday cover"): a colleague takes over another's tasks and reach from
 * one date to another (Danish dates, both included). Recorded and audited; the reach comes as case memberships
 * marked with the period, brought in at once when the period is running and removed by the scheduler's tick after it
 * ends.
 */
export const cover = {
  async create(s: Scope, input: { absentUserId: string; coverUserId: string; startsOn: string; endsOn: string }) {
    const period = await coverRepo(s).create(input);
    const sync = await syncCoverMembershipsInTrx(s, danishDateOf(s.now));
    return { ...period, casesCovered: sync.added };
  },
  list: (s: Scope) => coverRepo(s).list(),
};

/** The scheduler's part: starts and ends the memberships of cover periods by today's Danish date. */
export async function syncCoverOnce(ctx: Pick<AppContext, 'db' | 'clock'>): Promise<{ added: number; removed: number }> {
  return runAsSystem(ctx, 'scheduler', (s) => syncAllCoverMembershipsInTrx(s, danishDateOf(s.now)));
}
