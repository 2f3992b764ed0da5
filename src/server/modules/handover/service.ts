import type { Scope } from '../../access/scope.ts';
import { handOverCaseInTrx } from '../cases/index.ts';
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
