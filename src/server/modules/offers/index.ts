import type { Scope } from '../../access/scope.ts';
import { offerAccessRequestRepo } from './repo.ts';

/** The offers module's public face for other modules. Access requests: the cases' offers. */
export function offersForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return offerAccessRequestRepo(s).ofCases(caseIds);
}
