/** The supervision module's public face: its routes (modules/registry.ts) and the case page's section. */
import type { Scope } from '../../access/scope.ts';
import { supervision } from './service.ts';

export { supervisionRoutes } from './routes.ts';

/** A case's supervision sessions, for the case page's one request (modules/casepage). */
export function supervisionSessionsOfCaseInTrx(s: Scope, caseId: string) {
  return supervision.list(s, caseId);
}
