import type { Scope } from '../../access/scope.ts';
import { activityRepo } from './repo.ts';

/**
 * The prevention module's public face for other modules (the action plan computes its indicators with these).
 * Each helper takes (s, unitIds, from, to, params) and runs inside the caller's scope.
 */
export { peopleReached, activitiesHeld, localActorsInvolved, shareAgreeing, type ActivityFilter } from './indicators.ts';

/** An activity the actor may change (activity.manage, unit), or an audited 404: for linking it to an environment or network. */
export async function activityForUpdateInTrx(s: Scope, id: string): Promise<{ id: string; unitId: string }> {
  const a = await activityRepo(s).get(id, 'activity.manage', 'update');
  return { id: a.id, unitId: a.unit_id };
}
