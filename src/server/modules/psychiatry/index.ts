/** The psychiatry module's public face: its routes (docs/domain.md, "The psychiatry pathway") and the case page's section. */
import type { Scope } from '../../access/scope.ts';
import { psychiatry } from './service.ts';

export { psychiatryRoutes } from './routes.ts';

/** A case's consultations with regional psychiatry, for the case page's one request (modules/casepage). */
export function psychiatryConsultationsOfCaseInTrx(s: Scope, caseId: string) {
  return psychiatry.list(s, 'case', caseId);
}
