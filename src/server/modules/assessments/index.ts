/** The assessments module's public face for other modules (the case page reads a case's assessments through it). */
import type { Scope } from '../../access/scope.ts';
import { assessments } from './service.ts';

export function assessmentsOfCaseInTrx(s: Scope, caseId: string) {
  return assessments.list(s, caseId);
}
