/** The persons module's public face for other modules (concerns register a new person inline). */
export { personViewInTrx } from './service.ts';
export { createPersonInTrx, findPersonToLinkInTrx, findVisiblePersonInTrx, personForOverviewInTrx } from './service.ts';
export { personReachSql, presentPerson, PERSON_COLUMNS, type LinkedPerson, type PersonRow } from './repo.ts';

import type { Scope } from '../../access/scope.ts';
import { personAccessRequestRepo } from './repo.ts';

/** Access requests (purpose-bound, access_request.compile): find the citizen by name, CPR number or birth date. */
export function findPersonsForAccessRequestInTrx(s: Scope, q: { name?: string | undefined; cpr?: string | undefined; birthDate?: string | undefined }) {
  return personAccessRequestRepo(s).find(q);
}

/** Access requests (purpose-bound): the person within the DPO's compile reach, or an audited 404. */
export function personForAccessRequestInTrx(s: Scope, id: string) {
  return personAccessRequestRepo(s).get(id);
}
