/** The concerns module's public face for other modules (calls forward a call as a concern). */
export { registerConcernInTrx, type NewConcern } from './service.ts';
export { presentConcern } from './repo.ts';
import type { Scope } from '../../access/scope.ts';
import { concernRepo } from './repo.ts';

/** Hands a concern to another coordinator of its unit (handover module); versioned and audited. */
export function handOverConcernInTrx(s: Scope, id: string, version: number, coordinatorId: string) {
  return concernRepo(s).handover(id, version, coordinatorId);
}

/** Every concern about the person within the actor's concern.read reach, for the person overview; null if none. */
export function concernsOfPersonForOverviewInTrx(s: Scope, personId: string) {
  return concernRepo(s).ofPersonForOverview(personId);
}
