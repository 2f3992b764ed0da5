/**
 * The consents module's public face: the check behind a disclosure on the basis 'consent' (cases and concerns call
 * it) (the routes are registered in ../registry.ts). It imports the cases module (for the case reach), so the cases module reaches it only here.
 */
import type { Scope } from '../../access/scope.ts';
import { consents } from './service.ts';
import { consentAccessRequestRepo } from './repo.ts';

export { requireValidConsentInTrx } from './service.ts';

/** A case's consents, for the case page's one request (modules/casepage). */
export function consentsOfCaseInTrx(s: Scope, caseId: string) {
  return consents.list(s, caseId);
}

/** Access requests (purpose-bound, access_request.compile): the consents on the citizen's cases. */
export function consentsForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return consentAccessRequestRepo(s).ofCases(caseIds);
}
