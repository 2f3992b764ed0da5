/** The follow-ups module's public face: other modules create follow-ups through these functions only. */
export { ensureCourseFollowUpInTrx, ensureOfferFollowUpInTrx, backfillFollowUpsInTrx } from './service.ts';
import type { Scope } from '../../access/scope.ts';
import { followUpAccessRequestRepo } from './repo.ts';

/** Access requests (purpose-bound): the cases' follow-ups. */
export function followUpsForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return followUpAccessRequestRepo(s).ofCases(caseIds);
}
