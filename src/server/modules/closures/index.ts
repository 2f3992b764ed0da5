/** The closures module's public face: its routes (modules/registry.ts) and the case page's section. */
import type { Scope } from '../../access/scope.ts';
import { closures } from './service.ts';

export { closuresRoutes } from './routes.ts';

/** A case's closure requests, for the case page's one request (modules/casepage). */
export function closureRequestsOfCaseInTrx(s: Scope, caseId: string) {
  return closures.listForCase(s, caseId);
}
