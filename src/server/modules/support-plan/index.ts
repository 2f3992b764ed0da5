/** The support-plan module's public face: its routes (modules/registry.ts) and the case page's section. */
import type { Scope } from '../../access/scope.ts';
import { supportPlans } from './service.ts';

export { supportPlanRoutes } from './routes.ts';

/** A case's support plan with its reviews, for the case page's one request (modules/casepage). */
export function supportPlanOfCaseInTrx(s: Scope, caseId: string) {
  return supportPlans.get(s, caseId);
}
