import type { Scope } from '../../access/scope.ts';
import { assessmentAccessRequestRepo } from './repo.ts';
import { assessments } from './service.ts';

/** The assessments module's public face for other modules. Access requests: the cases' assessments. */
export function assessmentsForAccessRequestInTrx(s: Scope, caseIds: readonly string[]) {
  return assessmentAccessRequestRepo(s).ofCases(caseIds);
}

/** The assessments module's public face for other modules (the case page reads a case's assessments through it). */

export function assessmentsOfCaseInTrx(s: Scope, caseId: string) {
  return assessments.list(s, caseId);
}

/** An instrument with its dimensions and scale (reference data), or undefined; for modules that refer to its codes. */
export function instrumentInTrx(s: Scope, id: string) {
  return assessments.findInstrument(s, id);
}
