import type { Scope } from '../../access/scope.ts';
import { auditLookupRepo } from './repo.ts';

/** The audit-log module's public face for other modules. Access requests: the look-ups of a person, no staff names. */
export function lookupsForAccessRequestInTrx(s: Scope, personId: string) {
  return auditLookupRepo(s).ofPerson(personId);
}
