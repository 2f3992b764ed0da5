/** The documents module's public face: its routes (modules/registry.ts). Other modules do not reach documents yet. */
export { documentsRoutes } from './routes.ts';
import type { Scope } from '../../access/scope.ts';
import { documents } from './service.ts';

/** A case's documents, for the case page's one request (modules/casepage). */
export function documentsOfCaseInTrx(s: Scope, caseId: string) {
  return documents.list(s, 'case', caseId);
}
