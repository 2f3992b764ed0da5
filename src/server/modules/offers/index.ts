import type { Scope } from '../../access/scope.ts';
import { offerAccessRequestRepo } from './repo.ts';
import { offers } from './service.ts';

/** The offers module's public face for other modules. Access requests: the cases' offers. */
export function offersForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return offerAccessRequestRepo(s).ofCases(caseIds);
}

/** The offers module's public face for other modules (the case page reads a case's offers through it). */

export function offersOfCaseInTrx(s: Scope, caseId: string) {
  return offers.listForCase(s, caseId);
}
