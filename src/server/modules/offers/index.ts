/** The offers module's public face for other modules (the case page reads a case's offers through it). */
import type { Scope } from '../../access/scope.ts';
import { offers } from './service.ts';

export function offersOfCaseInTrx(s: Scope, caseId: string) {
  return offers.listForCase(s, caseId);
}
