/** The support-plan module's public face: its routes (modules/registry.ts) and the case page's section. */
import type { Scope } from '../../access/scope.ts';
import { supportPlans } from './service.ts';
import { supportPlanAccessRequestRepo } from './repo.ts';

export { supportPlanRoutes } from './routes.ts';

/** A case's support plan with its reviews, for the case page's one request (modules/casepage). */
export function supportPlanOfCaseInTrx(s: Scope, caseId: string) {
  return supportPlans.get(s, caseId);
}

/** Access requests (purpose-bound, access_request.compile): the support plans of the citizen's cases. */
export function supportPlansForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return supportPlanAccessRequestRepo(s).ofCases(caseIds);
}
