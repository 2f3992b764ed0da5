/** The concerns module's public face for other modules (calls forward a call as a concern). */
export { registerConcernInTrx, type NewConcern } from './service.ts';
export { presentConcern } from './repo.ts';
import type { Scope } from '../../access/scope.ts';
import { concernRepo } from './repo.ts';

/** Every concern about the person within the actor's concern.read reach, for the person overview; null if none. */
export function concernsOfPersonForOverviewInTrx(s: Scope, personId: string) {
  return concernRepo(s).ofPersonForOverview(personId);
}

import { concerns } from './service.ts';
/** The Infohus decision on one concern, for the meetings module (several decisions in one sitting). */
export const assessConcernInTrx: typeof concerns.assess = (s, id, input) => concerns.assess(s, id, input);
