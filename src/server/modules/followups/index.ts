/** The follow-ups module's public face: other modules create follow-ups through these functions only. */
export { ensureCourseFollowUpInTrx, ensureOfferFollowUpInTrx, backfillFollowUpsInTrx } from './service.ts';
import type { Scope } from '../../access/scope.ts';
import { followUpAccessRequestRepo } from './repo.ts';
import { followUps } from './service.ts';

/** Access requests (purpose-bound): the cases' follow-ups. */
export function followUpsForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return followUpAccessRequestRepo(s).ofCases(caseIds);
}


/** A case's follow-ups, for the case page. */
export function followUpsOfCaseInTrx(s: Scope, caseId: string) {
  return followUps.listForCase(s, caseId);
}
