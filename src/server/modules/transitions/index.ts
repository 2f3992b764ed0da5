/** The transitions module's public face: its routes (docs/domain.md, "Transitions") and the case page's section. */
import type { Scope } from '../../access/scope.ts';
import { transitions } from './service.ts';

export { transitionsRoutes } from './routes.ts';

/** A case's release dates, for the case page's one request (modules/casepage). */
export function transitionsOfCaseInTrx(s: Scope, caseId: string) {
  return transitions.list(s, caseId);
}
