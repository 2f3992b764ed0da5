/** The persons module's public face for other modules (concerns register a new person inline). */
export { createPersonInTrx, findPersonToLinkInTrx, findVisiblePersonInTrx, personForOverviewInTrx } from './service.ts';
export { personReachSql, presentPerson, PERSON_COLUMNS, type LinkedPerson, type PersonRow } from './repo.ts';

import type { Scope } from '../../access/scope.ts';
import { personAccessRequestRepo } from './repo.ts';

/** Access requests (purpose-bound, access_request.compile): find the citizen by name, CPR number or birth date. */
export function findPersonsForAccessRequestInTrx(s: Scope, q: { name?: string | undefined; cpr?: string | undefined; birthDate?: string | undefined }) {
  return personAccessRequestRepo(s).find(q);
}

/**
 * Access requests and legal holds: the person within the DPO's compile reach, or an audited 404. purposeBound false
 * only for placing a legal hold (the person's unit), which is not a look-up of the citizen's data.
 */
export function personForAccessRequestInTrx(s: Scope, id: string, opts: { purposeBound: boolean } = { purposeBound: true }) {
  return personAccessRequestRepo(s).get(id, opts.purposeBound);
}
